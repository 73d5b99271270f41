import type { Services } from '../../core/services';
import type { HandlersOf } from './types';

/** The opt-out ledger. */
export function optOutHandlers({ optOuts }: Services): HandlersOf<'optouts'> {
  return {
    'optouts.status': ({ numbers }) => ({ items: optOuts.status(numbers) }),
    'optouts.list': (query) => optOuts.optedOut(query),
    'optouts.history': ({ number }) => ({ events: optOuts.history(number) }),
    'optouts.set': (input) => optOuts.set(input),
    'optouts.export': () => optOuts.exportFile(),
  };
}
