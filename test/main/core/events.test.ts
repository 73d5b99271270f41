import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus, type AnyEvent } from '../../../main/core/events';
import { DEFAULT_SETTINGS } from '../../../shared/settings';

type Changed = Extract<AnyEvent, { event: 'messages.changed' }>['payload'];

function collect(bus: EventBus): Changed[] {
  const seen: Changed[] = [];
  bus.subscribe((e) => {
    if (e.event === 'messages.changed') seen.push(e.payload);
  });
  return seen;
}

describe('messages.changed is coalesced', () => {
  afterEach(() => void vi.useRealTimers());

  it('turns 1,000 changes in one second into a handful of events that carry every contact', () => {
    vi.useFakeTimers();
    const bus = new EventBus({ changeWindowMs: 200 });
    const seen = collect(bus);
    const contacts = Array.from({ length: 1000 }, (_, i) => `6140000${String(i).padStart(4, '0')}`);
    for (const contact of contacts) {
      bus.emit('messages.changed', { contacts: [contact], reason: 'send' });
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(250);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.length).toBeLessThanOrEqual(6);
    const delivered = seen.flatMap((e) => e.contacts);
    expect(new Set(delivered)).toEqual(new Set(contacts));
    expect(delivered).toHaveLength(contacts.length);
    bus.close();
  });

  it('sends a lone change at once, and merges the next ones until the window ends', () => {
    vi.useFakeTimers();
    const bus = new EventBus({ changeWindowMs: 200 });
    const seen = collect(bus);
    bus.emit('messages.changed', { contacts: ['a'], reason: 'read' });
    expect(seen).toEqual([{ contacts: ['a'], reason: 'read' }]);
    bus.emit('messages.changed', { contacts: ['b'], reason: 'send' });
    bus.emit('messages.changed', { contacts: ['b', 'c'], reason: 'read' });
    expect(seen).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(seen[1]).toEqual({ contacts: ['b', 'c'], reason: 'send' });
    // A change for every conversation swallows the contact lists merged with it.
    vi.advanceTimersByTime(50);
    bus.emit('messages.changed', { contacts: ['d'], reason: 'send' });
    bus.emit('messages.changed', { contacts: [], reason: 'sync' });
    bus.emit('messages.changed', { contacts: ['e'], reason: 'read' });
    vi.advanceTimersByTime(200);
    expect(seen[2]).toEqual({ contacts: [], reason: 'sync' });
    bus.close();
  });

  it('leaves other events alone', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe((e) => seen.push(e.event));
    bus.emit('messages.changed', { contacts: ['a'], reason: 'send' });
    bus.emit('messages.changed', { contacts: ['b'], reason: 'send' });
    bus.emit('settings.changed', DEFAULT_SETTINGS);
    expect(seen).toEqual(['messages.changed', 'settings.changed']);
    bus.close();
  });
});
