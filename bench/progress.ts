import { Presets, SingleBar } from 'cli-progress';

/** A progress bar for one scenario: sagas done of the total, their rate, and time left. */
export function progressBar(label: string, total: number): { tick(): void; stop(): void } {
  const bar = new SingleBar(
    {
      format: `${label.padEnd(22)} {bar} {value}/{total} sagas | {rate}/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
      // Without a terminal (CI, a log file) it prints nothing until the end.
      noTTYOutput: false,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;
  bar.start(total, 0, { rate: '0.0' });
  return {
    tick() {
      done += 1;
      bar.update(done, { rate: (done / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(1) });
    },
    stop: () => bar.stop(),
  };
}
