import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CountCache } from '../../../../main/core/db/count-cache';
import { openDatabase } from '../../../../main/core/db/database';
import { tempDir } from '../../../helpers/temp';

describe('CountCache', () => {
  it('answers again from memory, and anew after a write by this connection or another', () => {
    const file = path.join(tempDir(), 'counts.sqlite3');
    const db = openDatabase(file, { migrations: [{ version: 1, name: 't', up: (d) => d.exec('CREATE TABLE t (x INTEGER)') }] });
    const other = new Database(file);
    const counts = new CountCache(db);
    const sql = 'SELECT count(*) AS n FROM t WHERE x > @min';
    expect(counts.count(sql, { min: 0 })).toBe(0);
    db.prepare('INSERT INTO t VALUES (1)').run();
    expect(counts.count(sql, { min: 0 })).toBe(1);
    other.prepare('INSERT INTO t VALUES (2)').run();
    expect(counts.count(sql, { min: 0 })).toBe(2);
    expect(counts.count(sql, { min: 1 })).toBe(1);
    // A read changes nothing: still the same answer.
    expect(counts.count(sql, { min: 0 })).toBe(2);
    other.close();
    db.close();
  });
});
