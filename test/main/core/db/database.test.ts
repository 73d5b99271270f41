import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/core/db/database';
import { DatabaseTooNewError, migrate, schemaVersion, type Migration } from '../../../../main/core/db/migrate';
import { migrations } from '../../../../main/core/db/migrations';
import { tempDir } from '../../../helpers/temp';

const sha = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function recordingMigrations(log: string[], count: number): Migration[] {
  return Array.from({ length: count }, (_, i) => ({
    version: i + 1,
    name: `m${i + 1}`,
    up(db) {
      log.push(`m${i + 1}`);
      db.exec(`CREATE TABLE t${i + 1} (id INTEGER PRIMARY KEY)`);
    },
  }));
}

describe('openDatabase', () => {
  it('creates a WAL database with foreign keys on and owner-only file modes', () => {
    const file = path.join(tempDir(), 'sub', 'app.sqlite3');
    const db = openDatabase(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(schemaVersion(db)).toBe(migrations.length);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      db.exec('CREATE TABLE scratch (x)'); // makes sure the WAL file exists
      for (const suffix of ['-wal', '-shm']) {
        if (fs.existsSync(file + suffix)) expect(fs.statSync(file + suffix).mode & 0o077).toBe(0);
      }
    } finally {
      db.close();
    }
  });

  it('refuses a database from a newer app version and leaves it byte-for-byte unchanged', () => {
    const file = path.join(tempDir(), 'newer.sqlite3');
    const seed = new Database(file);
    seed.exec('CREATE TABLE future (x); INSERT INTO future VALUES (1);');
    seed.pragma(`user_version = ${migrations.length + 5}`);
    seed.close();
    const before = sha(file);
    const filesBefore = fs.readdirSync(path.dirname(file)).sort();

    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version of the app/);

    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(filesBefore);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });
});

describe('migrate', () => {
  it('runs pending migrations once, in order, and records the version', () => {
    const file = path.join(tempDir(), 'm.sqlite3');
    const log: string[] = [];
    const db = openDatabase(file, { migrations: recordingMigrations(log, 3) });
    expect(log).toEqual(['m1', 'm2', 'm3']);
    expect(schemaVersion(db)).toBe(3);
    expect(migrate(db, recordingMigrations(log, 3))).toEqual([]);
    expect(log).toEqual(['m1', 'm2', 'm3']);
    db.close();

    // A later app version adds two migrations: only those run, in order.
    const reopened = openDatabase(file, { migrations: recordingMigrations(log, 5) });
    expect(log).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(schemaVersion(reopened)).toBe(5);
    reopened.close();
  });

  it('rolls every pending migration back when one fails', () => {
    const file = path.join(tempDir(), 'fail.sqlite3');
    const log: string[] = [];
    const good = recordingMigrations(log, 2);
    const failing: Migration[] = [
      ...good,
      {
        version: 3,
        name: 'broken',
        up() {
          throw new Error('boom');
        },
      },
    ];
    expect(() => openDatabase(file, { migrations: failing })).toThrow('boom');
    const db = new Database(file);
    expect(schemaVersion(db)).toBe(0);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(tables).toEqual([]);
    db.close();
  });

  it('rejects a migration list with gaps', () => {
    const db = new Database(':memory:');
    const list: Migration[] = [{ version: 2, name: 'gap', up: () => undefined }];
    expect(() => migrate(db, list)).toThrow(/expected 1/);
    db.close();
  });
});

describe('app migrations', () => {
  it('v1 creates the settings and app_state tables', () => {
    const db = openDatabase(path.join(tempDir(), 'v1.sqlite3'), { migrations: migrations.slice(0, 1) });
    const names = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['app_state', 'settings']));
    db.close();
  });
});
