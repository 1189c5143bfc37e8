import type { Client } from '@temporalio/client';
import { perSecond, pool, rate, summarize, type LatencySummary } from './bench-stats';
import { CEILING_TASK_QUEUE } from './ceiling.workflow';
import type { LoadShape } from './checkout-scenarios';
import { progressBar } from './progress';

/** What a bare-workflow run found. */
export interface CeilingFigures {
  steps: number;
  workflows: number;
  perSecond: number;
  endToEnd: LatencySummary;
  timeline: { second: number; completed: number }[];
}

/** Runs bare workflows of `steps` no-op activities with the same load shape as a checkout scenario. */
export async function ceiling(client: Client, steps: number, shape: LoadShape): Promise<CeilingFigures> {
  const bar = progressBar(`ceiling, ${steps} activities`, shape.orders);
  const deadline = shape.durationS ? Date.now() + shape.durationS * 1000 : Infinity;
  const run = `${Date.now().toString(36)}`;
  const ends: number[] = [];
  const latencies: number[] = [];
  const startMs = Date.now();
  await pool(
    shape.orders,
    shape.concurrency,
    async (index) => {
      const started = Date.now();
      await client.workflow.execute('ceiling', {
        taskQueue: CEILING_TASK_QUEUE,
        workflowId: `ceiling-${steps}-${run}-${index}`,
        args: [steps],
      });
      ends.push(Date.now());
      latencies.push(Date.now() - started);
      bar.tick();
    },
    () => Date.now() < deadline,
  );
  bar.stop();
  return {
    steps,
    workflows: ends.length,
    perSecond: rate(ends.length, (Math.max(...ends) - startMs) / 1000),
    endToEnd: summarize(latencies),
    timeline: perSecond(startMs, ends).map(({ second, count }) => ({ second, completed: count })),
  };
}
