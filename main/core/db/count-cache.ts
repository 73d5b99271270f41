import type { Db } from './database';

/**
 * Remembers the answers of count queries until the database changes. A list asks for its total
 * with every page it loads; on years of history a count reads hundreds of thousands of index
 * entries (15 ms for 550,000 outgoing messages), while scrolling changes nothing it counts.
 * "Changed" is PRAGMA data_version (commits by other connections: the sync worker) plus
 * total_changes() (this connection's own writes).
 */
export class CountCache {
  private readonly dataVersion;
  private readonly ownChanges;
  private readonly counts = new Map<string, number>();
  private version = '';

  constructor(private readonly db: Db) {
    this.dataVersion = db.prepare<[], { data_version: number }>('PRAGMA data_version');
    this.ownChanges = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
  }

  count<P extends Record<string, string | number | null | undefined>>(sql: string, params: P): number {
    const version = `${this.dataVersion.get()?.data_version ?? 0}:${this.ownChanges.get()?.n ?? 0}`;
    if (version !== this.version) {
      this.counts.clear();
      this.version = version;
    }
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    let n = this.counts.get(key);
    if (n === undefined) {
      n = this.db.prepare<P, { n: number }>(sql).get(params)?.n ?? 0;
      // A handful of lists and filters at a time; a long session of filters must not pile up.
      if (this.counts.size >= 64) this.counts.clear();
      this.counts.set(key, n);
    }
    return n;
  }
}
