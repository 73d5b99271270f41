import fs from 'node:fs';
import { AppError } from '../../shared/result';
import { schemaVersion } from '../core/db/migrate';
import type { Services } from '../core/services';
import { isSafeExternalUrl } from '../core/window-rules';
import type { Handlers } from './dispatch';

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Wires every contract channel to the core service that implements it. */
export function createHandlers(services: Services): Handlers {
  const { config, settings, events, platform, db, databaseFile, account } = services;
  return {
    'app.info': () => ({ name: config.appName, version: config.appVersion, dataDir: config.dataDir }),
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
      return next;
    },
    'db.status': () => ({
      path: databaseFile,
      schemaVersion: schemaVersion(db),
      sizeBytes: fileSize(databaseFile) + fileSize(`${databaseFile}-wal`),
      journalMode: String(db.pragma('journal_mode', { simple: true })),
    }),
    'account.status': () => account.status(),
    'account.test': ({ key, secret, baseUrl }) => account.test({ key, secret }, baseUrl),
    'account.save': ({ key, secret, acceptWeakStorage }) => account.save({ key, secret }, acceptWeakStorage ?? false),
    'account.recheck': () => account.recheck(),
    'account.remove': () => account.remove(),
    'demo.start': () => account.startDemo(),
    'demo.stop': () => account.stopDemo(),
  };
}
