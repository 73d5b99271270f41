/**
 * SMSGlobal's WhatsApp paths. The seed names the operations but not their paths, so this table is
 * the project's decision (see the API notes); it is the one place to correct them. The client
 * and the simulator both read it.
 */
export const API_PREFIX = '/v2';

export const endpoints = {
  capability: { method: 'POST', path: '/v2/whatsapp/capability' },
  listIncoming: { method: 'GET', path: '/v2/whatsapp/incoming' },
  getIncoming: { method: 'GET', path: '/v2/whatsapp/incoming/{id}' },
  listOutgoing: { method: 'GET', path: '/v2/whatsapp/outgoing' },
  send: { method: 'POST', path: '/v2/whatsapp/outgoing' },
  getOutgoing: { method: 'GET', path: '/v2/whatsapp/outgoing/{id}' },
  listOptIns: { method: 'GET', path: '/v2/whatsapp/opt-in' },
  optIn: { method: 'POST', path: '/v2/whatsapp/opt-in' },
} as const;

export type Operation = keyof typeof endpoints;

export function endpointPath(operation: Operation, id?: string): string {
  const { path } = endpoints[operation];
  if (!path.includes('{id}')) return path;
  if (id === undefined) throw new Error(`${operation} needs an id`);
  return path.replace('{id}', encodeURIComponent(id));
}

/** Pagination rules from the seed. */
export const MAX_LIMIT = 1000;
export const MAX_OFFSET_PLUS_LIMIT = 10_000;
