import { spawn } from 'node:child_process';
import path from 'node:path';
import { onPath } from '../../src/ops/which';

/** Debian's package made for automation: the headless shell, smaller than the full browser. */
const CHROMIUM_PACKAGE = 'chromium-headless-shell';
/** Debian's executables: the headless shell itself (its /usr/bin entry is only a shell wrapper), the browser. */
const KNOWN_PATHS = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium'];
const ON_PATH = ['chromium-headless-shell', 'chrome-headless-shell', 'chromium'];

/** The installed Chromium executable, or undefined. CHROMIUM_PATH wins when set. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const known = KNOWN_PATHS.find((file) => onPath(path.basename(file), path.dirname(file)));
  return known ?? ON_PATH.map((name) => onPath(name)).find(Boolean);
}

/** Either a Chromium to drive, or why there is none (the only case in which the browser test skips). */
export type ChromiumLookup = { executable: string } | { missing: string };

/** Why no Chromium can be had here (none installed, and this process cannot install one); else undefined. */
export function chromiumUnavailable(): string | undefined {
  if (findChromium()) return undefined;
  if (!onPath('apt-get')) return 'no Chromium is installed and there is no apt-get to install one';
  if (process.getuid?.() !== 0)
    return `no Chromium is installed and only root may run apt-get install ${CHROMIUM_PACKAGE}`;
  return undefined;
}

/**
 * Finds Chromium, installing Debian's `chromium-headless-shell` with apt-get when it is missing and this
 * process may (root, apt-get on PATH), as on CI's clean machine. Says what it does, since it takes a minute.
 */
export async function ensureChromium(log: (line: string) => void = console.log): Promise<ChromiumLookup> {
  const found = findChromium();
  if (found) return { executable: found };
  const unavailable = chromiumUnavailable();
  if (unavailable) return { missing: unavailable };
  const aptGet = onPath('apt-get')!;
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', CHROMIUM_PACKAGE]]) {
    log(`Chromium is missing: running apt-get ${args.join(' ')}`);
    const code = await run(aptGet, args);
    if (code !== 0) return { missing: `apt-get ${args.join(' ')} failed with exit code ${code}` };
  }
  const installed = findChromium();
  return installed
    ? { executable: installed }
    : { missing: `apt-get installed ${CHROMIUM_PACKAGE}, yet no Chromium executable was found` };
}

function run(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('exit', (code) => resolve(code ?? -1));
  });
}
