import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseTooNewError, latestVersion, migrate, schemaVersion, type Migration } from './migrate';
import { migrations as appMigrations } from './migrations';

export type Db = Database.Database;

export const DATABASE_FILE = 'whatsapp-desk.sqlite3';

/** Files with messages and phone numbers are private to the user. */
const FILE_MODE = 0o600;

function restrictMode(file: string): void {
  try {
    fs.chmodSync(file, FILE_MODE);
  } catch {
    // WAL/SHM files may not exist yet; SQLite creates them with the main file's mode.
  }
}

/**
 * Reads user_version without writing anything: a read-only open does not switch the journal
 * mode, create WAL files or touch the header, so a database from a newer app version is left
 * byte-for-byte as it was.
 */
function peekVersion(file: string): number {
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return schemaVersion(probe);
  } finally {
    probe.close();
  }
}

export interface OpenOptions {
  migrations?: readonly Migration[];
  /**
   * FULL (default): every commit survives power loss. NORMAL, for the message cache: in WAL mode
   * it still survives any crash of the app, and a power cut can at worst drop the last commits,
   * which the next sync reads again; writes that must be durable use `durably()`.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** WAL pages before an automatic checkpoint (SQLite's default is 1000; 0 turns it off). */
  walAutocheckpoint?: number;
}

/** Opens (creating if needed) the app database: 0600, WAL, foreign keys, migrated. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? appMigrations;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) {
    const found = peekVersion(file);
    const supported = latestVersion(migrations);
    if (found > supported) throw new DatabaseTooNewError(found, supported);
  } else {
    fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
  }
  restrictMode(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    if (options.walAutocheckpoint !== undefined) db.pragma(`wal_autocheckpoint = ${options.walAutocheckpoint}`);
    // A WAL that grew during a big write goes back to this size once checkpointed.
    db.pragma('journal_size_limit = 67108864');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  for (const suffix of ['-wal', '-shm']) restrictMode(file + suffix);
  return db;
}

/** Runs a write transaction that must survive power loss even on a NORMAL-synchronous database. */
export function durably<T>(db: Db, work: () => T): T {
  const previous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(work).immediate();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}
