/** Values kept for a few milliseconds per key, loaded on a miss; concurrent misses share one load. */
export class ShortLivedCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = load();
    this.entries.set(key, { value, expires: now + this.ttlMs });
    // A failed load is not kept: the next call tries again.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  /** Forgets one value: the next `get` loads it again. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every value, e.g. after a change the values depend on. */
  clear(): void {
    this.entries.clear();
  }
}
