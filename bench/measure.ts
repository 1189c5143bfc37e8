import { ProcessSampler, type PartUsage } from './proc-stats';
import { markSdkLatency, type ScheduleToStart } from './sdk-latency';

/** What every scenario reports besides its own figures: the SDK's latencies and the processes' usage. */
export interface Measured<T> {
  result: T;
  seconds: number;
  scheduleToStart: ScheduleToStart;
  resources: Record<string, PartUsage>;
  /** Usage from the start to each point the body marked (see `measure`). */
  marks: Record<string, Record<string, PartUsage>>;
}

/**
 * Runs `body` while sampling the processes and marking the SDK metrics at `metricsUrl` before and after.
 * The body may `mark` a point of its own (the end of a phase): the usage up to it is kept under that name.
 */
export async function measure<T>(
  metricsUrl: string | undefined,
  pids: () => Record<string, number | undefined>,
  body: (mark: (name: string) => void) => Promise<T>,
): Promise<Measured<T>> {
  const sdk = await markSdkLatency(metricsUrl);
  const sampler = new ProcessSampler(pids).start();
  const marks: Measured<T>['marks'] = {};
  const started = performance.now();
  try {
    const result = await body((name) => (marks[name] = sampler.usage()));
    const seconds = (performance.now() - started) / 1000;
    return { result, seconds, resources: sampler.stop(), marks, scheduleToStart: await sdk.since() };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}
