import type { EventName, EventPayload } from '../../shared/contract';

/**
 * The events main pushes to the renderer. Core services emit here; the Electron shell and the
 * preview host each forward every event to their own transport.
 */
export type AnyEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

export class EventBus {
  private readonly listeners = new Set<(event: AnyEvent) => void>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const message = { event, payload } as AnyEvent;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // One broken transport must not stop the others.
      }
    }
  }

  subscribe(listener: (event: AnyEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
