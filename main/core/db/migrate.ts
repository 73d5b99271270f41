import type Database from 'better-sqlite3';

/**
 * Numbered, append-only migrations keyed on PRAGMA user_version (the Signal Desktop way):
 * a migration, once released, is never edited; a change is a new migration. All pending
 * migrations run in one transaction together with the version bump, so a crash leaves the
 * database either fully at the old version or fully at the new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database was written by a newer version of the app (schema ${found}; this version understands up to ${supported}). ` +
        'Update the app to open it. The database was not changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

export function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}.`);
    }
  });
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs the pending migrations; returns the versions it applied, in order. */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  assertWellFormed(migrations);
  const supported = latestVersion(migrations);
  const current = schemaVersion(db);
  if (current > supported) throw new DatabaseTooNewError(current, supported);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    // user_version is part of the database header and is rolled back with the transaction.
    db.pragma(`user_version = ${supported}`);
  }).immediate();
  return pending.map((m) => m.version);
}
