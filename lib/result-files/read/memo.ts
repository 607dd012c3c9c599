import 'server-only';

/**
 * A least-recently-used cache of what queries computed from one database's result files. Kept per
 * database object: two databases (tests, or two data folders) can hold imports with the same id.
 */
export class QueryMemo<V> {
  private readonly byDatabase = new WeakMap<object, Map<string, V>>();
  private readonly weights = new WeakMap<object, number>();

  constructor(
    /** The most the entries of one database may weigh together. */
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(db: object, key: string): V | undefined {
    const entries = this.byDatabase.get(db);
    const value = entries?.get(key);
    if (entries && value !== undefined) {
      entries.delete(key);
      entries.set(key, value);
    }
    return value;
  }

  set(db: object, key: string, value: V): void {
    let entries = this.byDatabase.get(db);
    if (!entries) this.byDatabase.set(db, (entries = new Map()));
    if (entries.has(key)) return;
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return;
    entries.set(key, value);
    let total = (this.weights.get(db) ?? 0) + weight;
    for (const [oldest, evicted] of entries) {
      if (total <= this.maxWeight) break;
      entries.delete(oldest);
      total -= this.weigh(evicted);
    }
    this.weights.set(db, total);
  }
}
