import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const PAGE_KB = 4;

/**
 * CPU ticks per process and summed resident memory of a process and all its descendants (PostgreSQL forks
 * a backend per connection).
 */
function readTree(rootPid: number): { ticks: Map<number, number>; rssKb: number } | null {
  const stats = new Map<number, { ppid: number; ticks: number; rssKb: number }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces: the fields after it start past the last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        rssKb: Number(fields[21]) * PAGE_KB,
      });
    } catch {
      // The process ended while we read.
    }
  }
  if (!stats.has(rootPid)) return null;
  const ticks = new Map<number, number>();
  let rssKb = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    const stat = stats.get(pid)!;
    ticks.set(pid, stat.ticks);
    rssKb += stat.rssKb;
    for (const [child, s] of stats) if (s.ppid === pid) queue.push(child);
  }
  return { ticks, rssKb };
}

/** Average CPU (percent of one core) and peak resident memory (MB) of one part over a measured span. */
export interface PartUsage {
  cpuPercent: number;
  /** CPU time used over the span, in seconds (all cores). */
  cpuSeconds: number;
  rssMaxMb: number;
  rssLastMb: number;
}

/**
 * Samples CPU and RSS of the stack's processes (read from /proc) once a second until stopped. RSS of a
 * process tree is summed, so PostgreSQL's shared buffers count once per backend: read it as an upper bound.
 */
export class ProcessSampler {
  // Per part: when sampling began and ended, and each process's first and last tick counts (a sum over the
  // tree would drop whenever a backend exits, so each process's own growth is added up instead).
  private readonly span = new Map<string, { first: number; last: number }>();
  private readonly ticks = new Map<string, Map<number, { first: number; last: number }>>();
  private readonly rss = new Map<string, { max: number; last: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pids: () => Record<string, number | undefined>) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
    return this;
  }

  stop(): Record<string, PartUsage> {
    clearInterval(this.timer);
    return this.usage();
  }

  /** Usage from the start until now; sampling goes on. */
  usage(): Record<string, PartUsage> {
    this.sample();
    const usage: Record<string, PartUsage> = {};
    for (const [part, { first, last }] of this.span) {
      const seconds = (last - first) / 1000;
      let used = 0;
      for (const t of this.ticks.get(part)!.values()) used += t.last - t.first;
      const rss = this.rss.get(part)!;
      const cpuSeconds = used / TICKS_PER_SECOND;
      usage[part] = {
        cpuPercent: seconds > 0 ? Math.round((cpuSeconds / seconds) * 100) : 0,
        cpuSeconds: Math.round(cpuSeconds * 100) / 100,
        rssMaxMb: Math.round(rss.max / 1024),
        rssLastMb: Math.round(rss.last / 1024),
      };
    }
    return usage;
  }

  private sample(): void {
    const at = Date.now();
    for (const [part, pid] of Object.entries(this.pids())) {
      if (pid === undefined) continue;
      const tree = readTree(pid);
      if (!tree) continue;
      this.span.set(part, { first: this.span.get(part)?.first ?? at, last: at });
      const known = this.ticks.get(part) ?? new Map<number, { first: number; last: number }>();
      for (const [pid, ticks] of tree.ticks)
        known.set(pid, { first: known.get(pid)?.first ?? ticks, last: ticks });
      this.ticks.set(part, known);
      const rss = this.rss.get(part) ?? { max: 0, last: 0 };
      this.rss.set(part, { max: Math.max(rss.max, tree.rssKb), last: tree.rssKb });
    }
  }
}
