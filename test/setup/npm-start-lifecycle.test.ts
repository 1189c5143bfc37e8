import net from 'node:net';
import { freePort } from '../../src/temporal/dev-server';
import { runNpmStart, runNpmStartUntilUp, survivorsAfter } from '../../src/ops/npm-start-process';

const UP = 'Checkout saga is up';

describe('npm start leaves nothing running', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)(
    "when npm start's own process gets %s, then every server it started is gone within 30 s",
    async (signal) => {
      const started = await runNpmStartUntilUp(UP);
      const { start, postgres, temporal } = started.pids();
      started.npm.kill(signal);
      expect(await survivorsAfter([start, postgres, temporal], 30_000)).toEqual([]);
    },
    180_000,
  );

  test("when npm start's own process is SIGKILLed, then no server outlives it for long", async () => {
    const started = await runNpmStartUntilUp(UP);
    const { start, postgres, temporal } = started.pids();
    started.npm.kill('SIGKILL');
    expect(await survivorsAfter([start, postgres, temporal], 30_000)).toEqual([]);
  }, 180_000);

  test('when the start script itself is SIGKILLed, then PostgreSQL and Temporal die with it', async () => {
    const started = await runNpmStartUntilUp(UP);
    const { start, postgres, temporal } = started.pids();
    process.kill(start, 'SIGKILL');
    expect(await survivorsAfter([postgres, temporal], 10_000)).toEqual([]);
  }, 180_000);

  test('when Temporal cannot start after PostgreSQL has, then npm start exits 1 and PostgreSQL is gone', async () => {
    const blocker = net.createServer().listen(await freePort(), '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const started = await runNpmStart({ TEMPORAL_PORT: String(port) });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`port ${port} is taken`);
      const postgresPid = Number(/PostgreSQL started \(pid (\d+)\)/.exec(started.output())?.[1]);
      expect(postgresPid).toBeGreaterThan(0);
      expect(await survivorsAfter([postgresPid], 5_000)).toEqual([]);
    } finally {
      blocker.close();
    }
  }, 180_000);
});
