import fs from 'node:fs';
import { AppError } from '../../shared/result';
import { schemaVersion } from '../core/db/migrate';
import type { Services } from '../core/services';
import { isSafeExternalUrl } from '../core/window-rules';
import { MESSAGE_CSV_HEADER, messageCsvRow } from '../core/export/csv';
import type { MessageRow } from '../core/db/history-queries';
import { checkMedia } from '../core/outbox/media-check';
import { QueueStore } from '../core/outbox/queue-store';
import { inspectCsv } from '../core/optins/plan';
import { isMediaMessage, type WhatsAppMessage } from '../../shared/messages';
import { parsePhone } from '../../shared/phone';
import { toCsv } from '../core/export/csv';
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
  const { config, settings, events, platform, db, databaseFile, account, workspaces, sync, outbox, optIns } = services;
  const ws = () => workspaces.require();
  const queue = (): QueueStore => {
    const current = ws();
    return new QueueStore(current.db, current.messages);
  };
  const changed = (contacts: (string | null | undefined)[]): void =>
    events.emit('messages.changed', { contacts: contacts.filter((c): c is string => typeof c === 'string'), reason: 'send' });

  /** The typed number in the API's form, or a field error. */
  const recipient = (to: string): { digits: string; international: string } => {
    const parsed = parsePhone(to, settings.get().defaultCountry);
    if (!parsed.ok) throw new AppError({ code: 'validation', message: parsed.reason, fields: { to: [parsed.reason] } });
    return parsed;
  };

  /** Refuses media WhatsApp would refuse; a link that cannot be checked may still be sent. */
  const preflight = async (message: WhatsAppMessage): Promise<void> => {
    if (!isMediaMessage(message)) return;
    const verdict = await checkMedia(message.type, message.url, { allowPrivate: account.isLocalApi() });
    if (verdict.verdict === 'refused') throw new AppError({ code: 'validation', message: verdict.reason, fields: { 'message.url': [verdict.reason] } });
  };
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
    'compose.recipient': ({ to }) => {
      const parsed = recipient(to);
      const workspace = workspaces.current();
      const conversation = workspace?.queries.conversation(parsed.digits) ?? null;
      const contact = workspace?.contacts.get(parsed.digits) ?? null;
      return {
        digits: parsed.digits,
        international: parsed.international,
        name: conversation?.name ?? (contact?.name || null),
        windowOpen: conversation?.windowOpen ?? false,
        windowClosesAt: conversation?.windowClosesAt ?? null,
        optedIn: contact ? contact.optedIn : null,
      };
    },
    'media.check': ({ type, url }) => checkMedia(type, url, { allowPrivate: account.isLocalApi() }),
    'outbox.send': async ({ to, message }) => {
      const { digits } = recipient(to);
      const before = ws().accountId;
      await preflight(message);
      // The media check takes a moment: refuse if the account changed meanwhile.
      if (workspaces.current()?.accountId !== before) throw new AppError({ code: 'conflict', message: 'The account changed while the message was checked; nothing was sent.' });
      const queued = queue().enqueue(digits, message);
      changed([digits]);
      void outbox.kick();
      return { localId: queued.localId, state: queued.state, recipient: digits };
    },
    'outbox.queue': () => ({ items: workspaces.current() ? queue().pending() : [] }),
    'outbox.edit': async ({ localId, to, message }) => {
      const { digits } = recipient(to);
      await preflight(message);
      const touched = queue().edit(localId, digits, message);
      if (!touched) throw new AppError({ code: 'conflict', message: 'This message is already on its way and can no longer be changed.' });
      changed(touched);
      void outbox.kick();
      return { localId, state: 'queued' as const, recipient: digits };
    },
    'outbox.cancel': ({ localId }) => {
      const contact = queue().cancel(localId);
      if (contact === false) throw new AppError({ code: 'conflict', message: 'This message is already on its way and can no longer be cancelled.' });
      changed([contact]);
      return { cancelled: true };
    },
    'outbox.retry': ({ localId }) => {
      const contact = queue().retry(localId);
      if (contact === false) throw new AppError({ code: 'conflict', message: 'Only a failed message can be sent again.' });
      changed([contact]);
      void outbox.kick();
      return { retried: true };
    },

    'optins.list': (query) => ({ ...ws().contacts.optIns(query), refreshedAt: optIns.refreshedAt() }),
    'optins.refresh': () => optIns.refresh(),
    'csv.inspect': ({ text }) => inspectCsv(text),
    'optins.plan': ({ source }) => optIns.plan(source),
    'optins.submit': async ({ entries }) => {
      const results = await optIns.submit(entries);
      events.emit('messages.changed', { contacts: [], reason: 'sync' });
      return { results };
    },
    'capability.check': async ({ source }) => ({ rows: await optIns.capability(source) }),
    'export.table': async ({ fileName, header, rows }) => {
      const csv = toCsv(header, rows);
      const result = await platform.saveFile(fileName.endsWith('.csv') ? fileName : `${fileName}.csv`, csv.bytes, 'text/csv');
      return { saved: result.saved, rows: csv.rows, location: result.location ?? null };
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
