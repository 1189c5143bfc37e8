/**
 * Remembers what `load` returned for a key for `ttlMs` (forever when undefined), sharing one load between
 * concurrent callers. A failed load is forgotten at once, so the next call tries again.
 */
export class PromiseCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

  constructor(private readonly options: { ttlMs?: number; maxEntries: number }) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    // A simple bound: a full cache starts over, which costs one database read per key in use.
    if (this.entries.size >= this.options.maxEntries) this.entries.clear();
    const value = load();
    this.entries.set(key, { value, expiresAt: now + (this.options.ttlMs ?? Infinity) });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
