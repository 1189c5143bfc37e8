import { ProcessSampler, type PartUsage } from './proc-stats';
import { markSdkLatency, type ScheduleToStart } from './sdk-latency';

/** What every scenario reports besides its own figures: the SDK's latencies and the processes' usage. */
export interface Measured<T> {
  result: T;
  seconds: number;
  scheduleToStart: ScheduleToStart;
  resources: Record<string, PartUsage>;
}

/** Runs `body` while sampling the processes and marking the SDK metrics at `metricsUrl` before and after. */
export async function measure<T>(
  metricsUrl: string | undefined,
  pids: () => Record<string, number | undefined>,
  body: () => Promise<T>,
): Promise<Measured<T>> {
  const sdk = await markSdkLatency(metricsUrl);
  const sampler = new ProcessSampler(pids).start();
  const started = performance.now();
  try {
    const result = await body();
    const seconds = (performance.now() - started) / 1000;
    return { result, seconds, resources: sampler.stop(), scheduleToStart: await sdk.since() };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}
