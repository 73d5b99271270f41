import { TemplateCategory, type TemplateEntry, type TemplateInput } from '../../../shared/templates';
import type { Db } from '../db/database';

/**
 * The template library's table in an account's cache (templates are approved per WhatsApp
 * account). Plain SQL; the rules (validation, renames, import) are in library.ts.
 */

interface TemplateRow {
  name: string;
  category: string | null;
  language: string;
  body: string;
  media_header: number;
  buttons: number;
  from_history: number;
  updated_at: number;
}

const NAME_RULE = /^[a-z0-9_]{1,512}$/;

function toEntry(row: TemplateRow): TemplateEntry {
  const category = TemplateCategory.safeParse(row.category);
  const entry = {
    name: row.name,
    category: category.success ? category.data : null,
    language: row.language,
    body: row.body,
    mediaHeader: row.media_header === 1,
    buttons: row.buttons === 1,
    fromHistory: row.from_history === 1,
    updatedAt: row.updated_at,
  };
  return { ...entry, complete: entry.body !== '' && entry.category !== null && entry.language !== '' };
}

export class TemplateLibraryStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      all: db.prepare<[], TemplateRow>('SELECT * FROM templates ORDER BY name'),
      get: db.prepare<[string], TemplateRow>('SELECT * FROM templates WHERE name = ?'),
      seed: db.prepare<[string, number, number]>('INSERT OR IGNORE INTO templates (name, from_history, created_at, updated_at) VALUES (?, 1, ?, ?)'),
      upsert: db.prepare<[string, string, string, string, number, number, number, number]>(
        `INSERT INTO templates (name, category, language, body, media_header, buttons, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET category = excluded.category, language = excluded.language, body = excluded.body,
           media_header = excluded.media_header, buttons = excluded.buttons, updated_at = excluded.updated_at`,
      ),
      remove: db.prepare<[string]>('DELETE FROM templates WHERE name = ?'),
    };
  }

  list(): TemplateEntry[] {
    return this.statements.all.all().map(toEntry);
  }

  get(name: string): TemplateEntry | null {
    const row = this.statements.get.get(name);
    return row ? toEntry(row) : null;
  }

  /**
   * Names seen in sent messages become entries to complete. Called inside the sync's write
   * transaction (and for messages sent from the app); an existing entry is left as it is. A name
   * WhatsApp could not have approved is not a template worth listing.
   */
  seed(names: Iterable<string>, now: number): void {
    for (const name of names) if (NAME_RULE.test(name)) this.statements.seed.run(name, now, now);
  }

  /** Writes entries (already validated) and removes the old names of renamed ones, in one transaction. */
  write(entries: readonly TemplateInput[], now: number, removed: readonly string[] = []): void {
    this.db.transaction(() => {
      for (const name of removed) this.statements.remove.run(name);
      for (const t of entries) this.statements.upsert.run(t.name, t.category, t.language, t.body, t.mediaHeader ? 1 : 0, t.buttons ? 1 : 0, now, now);
    }).immediate();
  }

  remove(name: string): boolean {
    return this.statements.remove.run(name).changes > 0;
  }
}
