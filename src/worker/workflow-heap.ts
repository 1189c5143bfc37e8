import v8 from 'node:v8';

/**
 * Caps the V8 heap of isolates created from now on, which includes the SDK's workflow thread (it starts in
 * Worker.create). Node's default limit grows with the machine's memory (4 GiB on 24 GiB), and V8 lets a heap
 * grow to a multiple of what is live before collecting, so a worker caching a few hundred runs held over
 * 1.2 GB. The cap makes V8 collect sooner; it must stay well above what the cached runs keep alive
 * (WORKER_MAX_CACHED_WORKFLOWS), or the workflow thread runs out of memory. Process-wide flag, so it is set
 * once; the main thread's own heap is not affected.
 */
export function capWorkflowThreadHeap(megabytes: number | undefined): void {
  if (!megabytes) return;
  v8.setFlagsFromString(`--max-old-space-size=${megabytes}`);
}
