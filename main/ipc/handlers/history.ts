import { AppError } from '../../../shared/result';
import type { MessageRow } from '../../core/db/history-queries';
import { localTimeZone, MESSAGE_CSV_HEADER, messageCsvRow, toCsv } from '../../core/export/csv';
import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** The sync and everything read from the cache: conversations, the outbox list, search, exports. */
export function historyHandlers(services: Services): HandlersOf<'sync' | 'conversations' | 'messages' | 'search' | 'export'> {
  const { events, platform, workspaces, sync } = services;
  const ws = () => workspaces.require();
  return {
    'sync.status': () => sync.status(),
    'sync.start': () => sync.start(),
    'sync.cancel': () => sync.cancel(),
    'conversations.list': ({ offset, limit, filter }) => ws().queries.conversations(offset, limit, filter),
    'conversations.thread': (query) => ws().queries.thread(query),
    'conversations.unread': () => workspaces.current()?.queries.unread() ?? { messages: 0, conversations: 0 },
    'conversations.markRead': ({ contact }) => {
      const marked = ws().messages.markRead(contact);
      if (marked > 0) events.emit('messages.changed', { contacts: [contact], reason: 'read' });
      return { marked };
    },
    'messages.detail': ({ key }) => {
      const detail = ws().queries.detail(key);
      if (!detail) throw new AppError({ code: 'not_found', message: 'That message is no longer in the cache.' });
      return detail;
    },
    'search.query': (query) => {
      const { rows: _rows, ...result } = ws().queries.search(query);
      return result;
    },
    'export.table': async ({ fileName, header, rows }) => {
      const csv = toCsv(header, rows);
      const result = await platform.saveFile(fileName.endsWith('.csv') ? fileName : `${fileName}.csv`, csv.bytes, 'text/csv');
      return { saved: result.saved, rows: csv.rows, location: result.location ?? null };
    },
    'export.csv': async (request) => {
      const workspace = ws();
      const timeZone = localTimeZone();
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
      const csv = toCsv(
        MESSAGE_CSV_HEADER,
        (function* () {
          for (const row of rows) yield messageCsvRow(row, nameOf(row.contact), timeZone);
        })(),
      );
      const date = new Date().toISOString().slice(0, 10);
      const result = await platform.saveFile(`${fileName}-${date}.csv`, csv.bytes, 'text/csv');
      return { saved: result.saved, rows: csv.rows, location: result.location ?? null };
    },
  };
}
