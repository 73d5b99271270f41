import type { Db } from './database';

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
