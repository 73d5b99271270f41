import type { Channel } from '../../../shared/contract';
import type { Handlers } from '../dispatch';

/** The handlers of the channels in some namespaces: each file under handlers/ implements its own. */
export type HandlersOf<Namespace extends string> = Pick<Handlers, Extract<Channel, `${Namespace}.${string}`>>;
