import type { Services } from '../../core/services';
import type { Handlers } from '../dispatch';
import { accountHandlers } from './account';
import { appHandlers } from './app';
import { contactHandlers } from './contacts';
import { campaignDraftHandlers } from './campaigns';
import { campaignRunHandlers } from './campaign-runs';
import { historyHandlers } from './history';
import { optInHandlers } from './optins';
import { outboxHandlers } from './outbox';
import { optOutHandlers } from './optouts';
import { templateHandlers } from './templates';

/**
 * Wires every contract channel to the core service that implements it, one file per namespace.
 * A handler is a line or two: rules live in main/core. A channel without a handler is a type error.
 */
export function createHandlers(services: Services): Handlers {
  return {
    ...appHandlers(services),
    ...accountHandlers(services),
    ...historyHandlers(services),
    ...outboxHandlers(services),
    ...optInHandlers(services),
    ...contactHandlers(services),
    ...campaignDraftHandlers(services),
    ...optOutHandlers(services),
    ...templateHandlers(services),
    ...campaignRunHandlers(services),
  };
}
