import path from 'node:path';
import { readPidFile } from '../../src/ops/pid-file';
import { runNpmStart, survivorsAfter } from '../../src/ops/npm-start-process';

// `npm start -- --cluster` as a person runs it (CLUSTER_MODE=true is the same switch), on its own data
// folder and ports.
test(
  'when npm start runs in cluster mode, then it prints where everything is, serves, and stops every process on Ctrl-C',
  async () => {
    const start = await runNpmStart({ CLUSTER_MODE: 'true', CLUSTER_WORKERS: '2' });
    try {
      await start.waitFor('Press Ctrl-C', 5 * 60_000);
    } catch (error) {
      start.npm.kill('SIGINT');
      throw error;
    }
    const out = start.output();
    const api = /API +(http:\/\/\S+)/.exec(out)?.[1];
    const ui = /Temporal UI +(http:\/\/\S+)/.exec(out)?.[1];
    const workers = /Workers +2 processes \(pids (\d+), (\d+)/.exec(out)?.slice(1).map(Number) ?? [];
    const pidOf = (name: string) => readPidFile(path.join(start.dataDir, 'run', `${name}.pid`))?.pid ?? -1;
    const servers = ['postgres', 'temporal-server', 'temporal-ui'].map(pidOf);

    expect(out).toMatch(/Temporal log .*temporal-cluster\/server\.log/);
    expect(workers).toHaveLength(2);
    expect(servers.every((pid) => pid > 0)).toBe(true);
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    expect((await fetch(ui!)).status).toBe(200);

    start.npm.kill('SIGINT');
    expect(await start.exited).toBe(0);
    expect(await survivorsAfter([...workers, ...servers], 30_000)).toEqual([]);
  },
  8 * 60_000,
);
