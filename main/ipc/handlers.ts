import fs from 'node:fs';
import { AppError } from '../../shared/result';
import { schemaVersion } from '../core/db/migrate';
import type { Services } from '../core/services';
import { isSafeExternalUrl } from '../core/window-rules';
import { MESSAGE_CSV_HEADER, messageCsvRow, toCsv } from '../core/export/csv';
import type { MessageRow } from '../core/db/history-queries';
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
  const { config, settings, events, platform, db, databaseFile, account, workspaces, sync } = services;
  const ws = () => workspaces.require();
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
    'account.status': () => account.status(),
    'account.test': ({ key, secret, baseUrl }) => account.test({ key, secret }, baseUrl),
    'account.save': ({ key, secret, acceptWeakStorage }) => account.save({ key, secret }, acceptWeakStorage ?? false),
    'account.recheck': () => account.recheck(),
    'account.remove': () => account.remove(),
    'demo.start': () => account.startDemo(),
    'demo.stop': () => account.stopDemo(),

    'sync.status': () => sync.status(),
    'sync.start': () => sync.start(),
    'sync.cancel': () => sync.cancel(),
    'conversations.list': ({ offset, limit, filter }) => ws().queries.conversations(offset, limit, filter),
    'conversations.thread': (query) => ws().queries.thread(query),
    'conversations.markRead': ({ contact }) => {
      const marked = ws().messages.markRead(contact);
      if (marked > 0) events.emit('messages.changed', { contacts: [contact], reason: 'read' });
      return { marked };
    },
    'outbox.list': ({ filter, offset, limit }) => ws().queries.outbox(filter, offset, limit),
    'messages.detail': ({ key }) => {
      const detail = ws().queries.detail(key);
      if (!detail) throw new AppError({ code: 'not_found', message: 'That message is no longer in the cache.' });
      return detail;
    },
    'search.query': (query) => {
      const { hits, contacts, hasMore } = ws().queries.search(query);
      return { hits, contacts, hasMore };
    },
    'export.csv': async (request) => {
      const workspace = ws();
      const timeZone = settings.get().timeZone;
      const names = new Map<string, string | null>();
      const nameOf = (contact: string): string | null => {
        if (!names.has(contact)) names.set(contact, workspace.queries.conversation(contact)?.name ?? null);
        return names.get(contact) ?? null;
      };
      let rows: Iterable<MessageRow>;
      let fileName: string;
      if (request.source === 'outbox') {
        rows = workspace.queries.outboxRows(request.filter);
        fileName = 'outbox';
      } else if (request.source === 'conversation') {
        rows = workspace.queries.threadRows(request.contact);
        fileName = `conversation-${request.contact}`;
      } else {
        rows = workspace.queries.search({ ...request.query, limit: 10_000 }).rows;
        fileName = 'search';
      }
      const csv = toCsv(MESSAGE_CSV_HEADER, (function* () {
        for (const row of rows) yield messageCsvRow(row, nameOf(row.contact), timeZone);
      })());
      const date = new Date().toISOString().slice(0, 10);
      const result = await platform.saveFile(`${fileName}-${date}.csv`, csv.bytes, 'text/csv');
      return { saved: result.saved, rows: csv.rows, location: result.location ?? null };
    },
  };
}
