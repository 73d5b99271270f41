import type { Db } from './database';
import { likeFilterParams } from './like-filter';

export interface ContactRecord {
  number: string;
  name: string;
  optedIn: boolean;
  capable: boolean | null;
  blacklist: boolean | null;
}

/** Names and opt-in facts per number; names feed the inbox and contact search. */
export class ContactsStore {
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO contacts (number, name, opted_in, capable, blacklist, updated_at) VALUES (@number, @name, @optedIn, @capable, @blacklist, @now)
       ON CONFLICT (number) DO UPDATE SET
         name = CASE WHEN excluded.name != '' THEN excluded.name ELSE contacts.name END,
         opted_in = max(contacts.opted_in, excluded.opted_in),
         capable = coalesce(excluded.capable, contacts.capable),
         blacklist = coalesce(excluded.blacklist, contacts.blacklist),
         updated_at = excluded.updated_at`,
    );
  }

  /** Opted-in numbers for the Opt-ins screen. */
  optIns(query: { filter?: string | undefined; sort: 'name' | 'number' | 'recent'; offset: number; limit: number }): {
    total: number;
    items: { number: string; name: string; capable: boolean | null; blacklist: boolean | null }[];
  } {
    const clauses = ['opted_in = 1'];
    const params: Record<string, string | number> = { limit: query.limit, offset: query.offset };
    if (query.filter) {
      clauses.push("(name LIKE @like ESCAPE '\\' OR instr(number, @digits) > 0)");
      Object.assign(params, likeFilterParams(query.filter));
    }
    const order = query.sort === 'number' ? 'number' : query.sort === 'recent' ? 'updated_at DESC, number' : "name = '', name COLLATE NOCASE, number";
    const where = clauses.join(' AND ');
    const total = this.db.prepare<Record<string, string | number>, { n: number }>(`SELECT count(*) AS n FROM contacts WHERE ${where}`).get(params)?.n ?? 0;
    const rows = this.db
      .prepare<Record<string, string | number>, { number: string; name: string; capable: number | null; blacklist: number | null }>(
        `SELECT number, name, capable, blacklist FROM contacts WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
      .all(params);
    return {
      total,
      items: rows.map((r) => ({ number: r.number, name: r.name, capable: r.capable === null ? null : r.capable === 1, blacklist: r.blacklist === null ? null : r.blacklist === 1 })),
    };
  }

  /** number → name of every opted-in number. */
  optedIn(): Map<string, string> {
    return new Map(this.db.prepare<[], { number: string; name: string }>('SELECT number, name FROM contacts WHERE opted_in = 1').all().map((r) => [r.number, r.name]));
  }

  /** `localName` is the name the user gave the contact in this app; it wins over `name` (the opt-in list's). */
  get(number: string): (ContactRecord & { localName: string | null }) | null {
    const row = this.db
      .prepare<[string], { number: string; name: string; local_name: string | null; opted_in: number; capable: number | null; blacklist: number | null }>('SELECT * FROM contacts WHERE number = ?')
      .get(number);
    return row
      ? { number: row.number, name: row.name, localName: row.local_name, optedIn: row.opted_in === 1, capable: row.capable === null ? null : row.capable === 1, blacklist: row.blacklist === null ? null : row.blacklist === 1 }
      : null;
  }

  /**
   * Names a contact on this computer, or forgets that name (null): the opt-in list's name shows
   * again. Works for any number, opted in or not. Returns the name now shown (null for none).
   */
  rename(number: string, localName: string | null): string | null {
    this.db
      .prepare<[string, number, string | null]>(
        `INSERT INTO contacts (number, name, opted_in, updated_at, local_name) VALUES (?, '', 0, ?, ?)
         ON CONFLICT (number) DO UPDATE SET local_name = excluded.local_name`,
      )
      .run(number, Date.now(), localName);
    const row = this.db.prepare<[string], { name: string }>("SELECT coalesce(local_name, name) AS name FROM contacts WHERE number = ?").get(number);
    return row && row.name !== '' ? row.name : null;
  }

  save(records: readonly ContactRecord[]): void {
    const now = Date.now();
    this.db.transaction(() => {
      for (const r of records) {
        this.upsert.run({
          number: r.number,
          name: r.name,
          optedIn: r.optedIn ? 1 : 0,
          capable: r.capable === null ? null : r.capable ? 1 : 0,
          blacklist: r.blacklist === null ? null : r.blacklist ? 1 : 0,
          now,
        });
      }
    })();
  }
}
