import fs from 'node:fs';
import path from 'node:path';

/** One node of a V8 `.cpuprofile`: its function, where it lives, and samples that hit it directly. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** Where a sample's time is charged: a package, one of our folders, or V8's own states. */
export function bucketOf(frame: ProfileNode['callFrame'], root: string): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packaged) return packaged[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const file = url.replace(/^file:\/\//, '');
  if (file.startsWith(root)) return path.relative(root, file).split(path.sep).slice(0, 2).join('/');
  // The workflow bundle runs from webpack's in-memory URLs.
  if (url.includes('webpack')) return 'workflow bundle';
  return url;
}

/** Self time per bucket, as a share of the profile's wall time, largest first. */
export function summarizeProfile(profile: CpuProfile, root: string): { bucket: string; share: number }[] {
  const bucketById = new Map(profile.nodes.map((n) => [n.id, bucketOf(n.callFrame, root)]));
  const hits = new Map<string, number>();
  let total = 0;
  if (profile.samples?.length) {
    for (const id of profile.samples) {
      const bucket = bucketById.get(id)!;
      hits.set(bucket, (hits.get(bucket) ?? 0) + 1);
      total++;
    }
  } else {
    for (const node of profile.nodes) {
      const bucket = bucketById.get(node.id)!;
      hits.set(bucket, (hits.get(bucket) ?? 0) + (node.hitCount ?? 0));
      total += node.hitCount ?? 0;
    }
  }
  return [...hits.entries()]
    .map(([bucket, count]) => ({ bucket, share: total ? count / total : 0 }))
    .sort((a, b) => b.share - a.share);
}

/** The summary printed after a `--profile` run: each process's threads, with their largest buckets. */
export function formatProfiles(dir: string, root: string, top = 12): string {
  const lines: string[] = [];
  for (const part of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    for (const file of fs.readdirSync(path.join(dir, part)).filter((f) => f.endsWith('.cpuprofile'))) {
      const profile = JSON.parse(fs.readFileSync(path.join(dir, part, file), 'utf8')) as CpuProfile;
      const seconds = (profile.endTime - profile.startTime) / 1e6;
      lines.push(`${part} ${file} (${seconds.toFixed(0)} s):`);
      for (const { bucket, share } of summarizeProfile(profile, root).slice(0, top))
        lines.push(`  ${(share * 100).toFixed(1).padStart(5)}%  ${bucket}`);
    }
  }
  return lines.length ? lines.join('\n') : `no profiles in ${dir}`;
}
