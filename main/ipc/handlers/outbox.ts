import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** The composer and the send queue: each channel is a call of the outbox service (main/core/outbox/outbox-service.ts). */
export function outboxHandlers({ outbox, workspaces }: Services): HandlersOf<'compose' | 'media' | 'outbox'> {
  return {
    'compose.recipient': ({ to }) => outbox.recipient(to),
    'media.check': ({ type, url }) => outbox.checkMedia(type, url),
    'outbox.list': ({ filter, offset, limit }) => workspaces.require().queries.outbox(filter, offset, limit),
    'outbox.send': (input) => outbox.send(input),
    'outbox.queue': () => outbox.queue(),
    'outbox.edit': (input) => outbox.edit(input),
    'outbox.cancel': (input) => outbox.cancel(input),
    'outbox.retry': (input) => outbox.retry(input),
    'outbox.resolve': (input) => outbox.resolve(input),
  };
}
