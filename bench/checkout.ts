import fs from 'node:fs';
import path from 'node:path';
import { renderBenchChart } from './checkout-chart';
import { parseBenchFlags } from './checkout-flags';
import { formatBenchReport } from './checkout-report';
import { profileDir, runBenchmark } from './checkout-run';
import { formatProfiles } from './profile-summary';

// `npm run bench:checkout [-- --full --orders N --concurrency C --duration S --scenarios steady,ceiling]`:
// the checkout under load on a stack of its own beside bare Temporal workflows (the ceiling), with the
// hot-SKU and waiting scenarios. Prints a table; writes bench/results/<date>.json and <date>.svg.

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const flags = parseBenchFlags(process.argv.slice(2));
  const profiles = path.dirname(profileDir(ROOT, 'worker'));
  if (flags.profile) fs.rmSync(profiles, { recursive: true, force: true });
  const result = await runBenchmark(ROOT, flags, (line) => console.log(line));
  console.log(formatBenchReport(result));
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const name = `${result.date.slice(0, 19).replace(/:/g, '-')}${flags.label ? `-${flags.label}` : ''}`;
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${name}.svg`), await renderBenchChart(result));
  console.log(`Results written to bench/results/${name}.json and .svg`);
  // Written by each process as it exits, so read once the stack has stopped.
  if (flags.profile)
    console.log(`CPU profiles (self time by package or folder):\n${formatProfiles(profiles, ROOT)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
