import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** Campaigns once confirmed: the journal, the runner's controls and the report (main/core/campaigns/campaigns-service.ts). */
export function campaignRunHandlers({ campaigns }: Services): HandlersOf<'campaigns'> {
  return {
    'campaigns.estimate': (input) => campaigns.estimate(input),
    'campaigns.testSend': (input) => campaigns.testSend(input),
    'campaigns.confirm': (input) => campaigns.confirm(input),
    'campaigns.list': (input) => campaigns.list(input),
    'campaigns.get': (input) => campaigns.get(input),
    'campaigns.recipients': (input) => campaigns.recipients(input),
    'campaigns.start': (input) => campaigns.start(input),
    'campaigns.pause': (input) => campaigns.pause(input),
    'campaigns.resume': (input) => campaigns.resume(input),
    'campaigns.cancel': (input) => campaigns.cancel(input),
    'campaigns.retryFailed': (input) => campaigns.retryFailed(input),
    'campaigns.resolve': (input) => campaigns.resolve(input),
    'campaigns.exportResults': (input) => campaigns.exportResults(input),
    'campaigns.delete': (input) => campaigns.delete(input),
  };
}
