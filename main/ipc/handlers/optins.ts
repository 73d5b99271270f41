import { inspectCsv } from '../../core/optins/plan';
import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** The opt-in list, capability checks and the CSV files they read. */
export function optInHandlers({ workspaces, events, optIns }: Services): HandlersOf<'optins' | 'csv' | 'capability'> {
  const ws = () => workspaces.require();
  return {
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
  };
}
