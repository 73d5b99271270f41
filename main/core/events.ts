import type { EventName, EventPayload } from '../../shared/contract';

/**
 * The events main pushes to the renderer. Core services emit here; the Electron shell and the
 * preview host each forward every event to their own transport.
 *
 * `messages.changed` is coalesced here, for every layer that emits it (sync, sends, reads,
 * opt-ins): each one makes every open list re-read the cache, so a campaign sending a thousand
 * messages a second must not become a thousand reloads a second. The first change after a quiet
 * spell goes out at once; changes within the next `changeWindowMs` are merged (their contacts
 * joined) into one event at the end of it. `sync.progress` is throttled by the sync service.
 */
export type AnyEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

type Changed = EventPayload<'messages.changed'>;

export interface EventBusOptions {
  /** The shortest gap between two `messages.changed` events (ms). */
  changeWindowMs?: number;
  now?: () => number;
}

/** Which reason a merged event carries: the one whose reload is the widest. */
const reasonRank: Record<Changed['reason'], number> = { read: 0, contact: 1, send: 2, sync: 3 };

/** Changes waiting to go out as one event. No contacts listed (`all`) means "any conversation". */
class PendingChange {
  all = false;
  readonly contacts = new Set<string>();
  reason: Changed['reason'] = 'read';

  add(change: Changed): void {
    if (change.contacts.length === 0) this.all = true;
    else if (!this.all) for (const contact of change.contacts) this.contacts.add(contact);
    if (reasonRank[change.reason] > reasonRank[this.reason]) this.reason = change.reason;
  }

  payload(): Changed {
    return { contacts: this.all ? [] : [...this.contacts], reason: this.reason };
  }
}

export class EventBus {
  private readonly listeners = new Set<(event: AnyEvent) => void>();
  private readonly windowMs: number;
  private readonly now: () => number;
  private pending: PendingChange | null = null;
  private lastChangeAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;

  constructor(options: EventBusOptions = {}) {
    this.windowMs = options.changeWindowMs ?? 200;
    this.now = options.now ?? Date.now;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const message = { event, payload } as AnyEvent;
    if (message.event === 'messages.changed') this.change(message.payload);
    else this.deliver(message);
  }

  private deliver(message: AnyEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // One broken transport must not stop the others.
      }
    }
  }

  private change(payload: Changed): void {
    if (this.pending) {
      this.pending.add(payload);
      return;
    }
    const wait = this.lastChangeAt + this.windowMs - this.now();
    if (wait <= 0) {
      this.lastChangeAt = this.now();
      this.deliver({ event: 'messages.changed', payload });
      return;
    }
    this.pending = new PendingChange();
    this.pending.add(payload);
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref();
  }

  /** Sends the merged change now, if one is waiting. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.lastChangeAt = this.now();
    this.deliver({ event: 'messages.changed', payload: pending.payload() });
  }

  subscribe(listener: (event: AnyEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops a waiting change's timer (the app is closing). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
