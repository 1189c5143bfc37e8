import fs from 'node:fs';
import path from 'node:path';

/** The first executable called `command` in a PATH folder, like `command -v` but without a shell. */
export function onPath(command: string, pathVariable = process.env.PATH ?? ''): string | undefined {
  for (const folder of pathVariable.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
