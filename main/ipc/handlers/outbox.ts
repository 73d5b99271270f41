import { isMediaMessage, type WhatsAppMessage } from '../../../shared/messages';
import { parsePhone } from '../../../shared/phone';
import { AppError } from '../../../shared/result';
import { checkMedia } from '../../core/outbox/media-check';
import { QueueStore } from '../../core/outbox/queue-store';
import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** The composer and the send queue. */
export function outboxHandlers(services: Services): HandlersOf<'compose' | 'media' | 'outbox'> {
  const { settings, events, account, workspaces, outbox, templates } = services;
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
    'outbox.list': ({ filter, offset, limit }) => ws().queries.outbox(filter, offset, limit),
    'outbox.send': async ({ to, message }) => {
      const { digits } = recipient(to);
      templates.checkMessage(message);
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
      templates.checkMessage(message);
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
  };
}
