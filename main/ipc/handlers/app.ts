import fs from 'node:fs';
import { AppError } from '../../../shared/result';
import { schemaVersion } from '../../core/db/migrate';
import type { Services } from '../../core/services';
import { isSafeExternalUrl } from '../../core/window-rules';
import type { HandlersOf } from './types';

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The app itself, its preferences and its data files. */
export function appHandlers(services: Services): HandlersOf<'app' | 'settings' | 'db'> {
  const { config, settings, events, platform, db, databaseFile, account, workspaces, sync } = services;
  return {
    'app.info': () => ({ name: config.appName, version: config.appVersion, dataDir: config.dataDir, systemNotifications: config.systemNotifications ?? false }),
    'app.openExternal': async ({ url }) => {
      if (!isSafeExternalUrl(url)) {
        throw new AppError({ code: 'validation', message: 'Only https links can be opened from the app.' });
      }
      await platform.openExternal(url);
      return { opened: true };
    },
    'settings.get': () => settings.get(),
    'settings.update': (patch) => {
      const next = settings.update(patch);
      events.emit('settings.changed', next);
      if (patch.apiBaseUrl !== undefined || patch.timeZone !== undefined) events.emit('account.changed', account.status());
      if (patch.syncIntervalMinutes !== undefined && workspaces.current()) sync.startTimer();
      return next;
    },
    'db.status': () => ({
      path: databaseFile,
      schemaVersion: schemaVersion(db),
      sizeBytes: fileSize(databaseFile) + fileSize(`${databaseFile}-wal`),
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      cache: (() => {
        const current = workspaces.current();
        if (!current) return null;
        return { path: current.file, sizeBytes: fileSize(current.file) + fileSize(`${current.file}-wal`), messages: current.messages.count() };
      })(),
    }),
    'db.unusedCaches': () => ({ caches: workspaces.unusedCaches(account.accountId()) }),
    'db.deleteUnusedCache': ({ accountId }) => ({ caches: workspaces.deleteUnusedCache(accountId, account.accountId()) }),
  };
}
