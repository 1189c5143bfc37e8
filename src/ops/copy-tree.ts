import fs from 'node:fs';
import path from 'node:path';

/**
 * Copies a folder tree file by file, keeping modes, while its owner may still be writing to it: a file
 * that vanishes mid-copy (a server removed it) is skipped. `skip` gets paths relative to `from`.
 */
export function copyTree(from: string, to: string, skip: (relative: string) => boolean = () => false): void {
  const walk = (relative: string) => {
    const source = path.join(from, relative);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(source);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const target = path.join(to, relative);
    if (stat.isDirectory()) {
      fs.mkdirSync(target, { recursive: true, mode: stat.mode & 0o7777 });
      for (const entry of fs.readdirSync(source)) {
        const child = path.join(relative, entry);
        if (!skip(child)) walk(child);
      }
    } else if (stat.isFile()) {
      try {
        fs.copyFileSync(source, target);
        fs.chmodSync(target, stat.mode & 0o7777);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  };
  walk('');
}
