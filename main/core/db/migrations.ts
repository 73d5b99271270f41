import type { Migration } from './migrate';

/**
 * The app's schema history. Append only: never edit a released migration.
 * Each migration has a test in test/main/core/db/migrations.test.ts.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'settings and app state',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL -- JSON
        ) STRICT;
        CREATE TABLE app_state (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL -- JSON
        ) STRICT;
      `);
    },
  },
];
