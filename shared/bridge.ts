import type { Result } from './result';
import {
  channels,
  eventNames,
  type CallInput,
  type CallOutput,
  type Channel,
  type EventName,
  type EventPayload,
} from './contract';

/**
 * The shape of `window.api`, derived from the contract: `api.settings.get()` for the channel
 * "settings.get", plus `api.on(event, listener)`. Both the Electron preload and the web
 * preview's bridge build it with `buildBridgeApi` over their own transport, so the renderer
 * cannot tell them apart.
 */

type Namespace<C extends string> = C extends `${infer N}.${string}` ? N : never;
type Operation<C extends string, N extends string> = C extends `${N}.${infer O}` ? O : never;

type CallFunction<C extends Channel, R> = undefined extends CallInput<C>
  ? (input?: CallInput<C>) => Promise<R>
  : (input: CallInput<C>) => Promise<R>;

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
export type Unsubscribe = () => void;

export type ApiOf<Wrap extends 'result' | 'value'> = {
  readonly [N in Namespace<Channel>]: {
    readonly [C in Channel as Operation<C, N>]: CallFunction<C, Wrap extends 'result' ? Result<CallOutput<C>> : CallOutput<C>>;
  };
} & {
  readonly on: <E extends EventName>(event: E, listener: Listener<E>) => Unsubscribe;
};

/** `window.api`: every call answers with a Result. */
export type BridgeApi = ApiOf<'result'>;

export interface BridgeTransport {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

/** Builds the namespaced API object from the contract's channel list; nothing outside it. */
export function buildBridgeApi(transport: BridgeTransport): BridgeApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of channels) {
    const [namespace, operation] = splitChannel(channel);
    (api[namespace] ??= {})[operation] = (input?: unknown) => transport.invoke(channel, input ?? null);
  }
  const on = (event: EventName, listener: (payload: unknown) => void): Unsubscribe => {
    if (!eventNames.includes(event)) throw new Error(`Unknown event "${String(event)}".`);
    return transport.subscribe(event, listener);
  };
  // The object is built from the contract's own keys, so its shape is BridgeApi by construction.
  return Object.freeze({ ...api, on }) as unknown as BridgeApi;
}

export function splitChannel(channel: Channel): [string, string] {
  const dot = channel.indexOf('.');
  return [channel.slice(0, dot), channel.slice(dot + 1)];
}
