import type { Random } from './random';
import { statusPlan, type Dataset, type SimContact, type SimIncoming, type SimOutgoing } from './dataset';

/**
 * The simulator's in-memory account: messages kept sorted by time so a date-range list is two
 * binary searches, outgoing statuses that move with the clock, and replies that "arrive" later.
 */

export interface ListFilter {
  start?: number;
  end?: number;
  destination?: string;
  origin?: string;
  search?: string;
}

export interface StatusView {
  status: string;
  state: string;
}

export interface StoreOptions {
  now: () => number;
  random: Random;
  /** Chance that a contact answers a message sent through the API, and how soon. */
  replyRate: number;
  replyDelayMs: [number, number];
  /** Multiplies the status delays of newly sent messages (0 = final status at once). */
  statusDelayScale: number;
  /** Messages newer than this are not listed yet (the listing-delay fault); 0 by default. */
  listingDelayMs?: () => number;
  /** The order lists answer in: the API does not document one, so clients must not rely on it. */
  listOrder?: 'newest-first' | 'oldest-first';
}

function lowerBound<T extends { createdAt: number }>(items: readonly T[], at: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as T).createdAt < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound<T extends { createdAt: number }>(items: readonly T[], at: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as T).createdAt <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keeps `items` sorted by createdAt when one arrives out of order (the control route can backdate). */
function insertSorted<T extends { createdAt: number }>(items: T[], item: T): void {
  const at = upperBound(items, item.createdAt);
  if (at === items.length) items.push(item);
  else items.splice(at, 0, item);
}

const REPLIES = ['Thanks!', 'Great, see you then.', 'Got it 👍', 'Can you call me?', 'Perfect, thank you.', 'What time works for you?'];

export class SimStore {
  readonly incoming: SimIncoming[];
  readonly outgoing: SimOutgoing[];
  readonly ourNumbers: string[];
  private readonly incomingById = new Map<string, SimIncoming>();
  private readonly outgoingById = new Map<string, SimOutgoing>();
  private readonly contacts = new Map<string, SimContact>();
  private readonly pendingReplies: SimIncoming[] = [];
  private nextId: bigint;

  constructor(
    dataset: Dataset,
    private readonly options: StoreOptions,
  ) {
    this.incoming = dataset.incoming;
    this.outgoing = dataset.outgoing;
    this.ourNumbers = dataset.ourNumbers;
    for (const m of this.incoming) this.incomingById.set(m.id, m);
    for (const m of this.outgoing) this.outgoingById.set(m.id, m);
    for (const c of dataset.contacts) this.contacts.set(c.number, c);
    const ids = [...this.incoming, ...this.outgoing].map((m) => BigInt(m.id));
    this.nextId = ids.reduce((max, id) => (id > max ? id : max), 9_007_199_254_740_992n) + 1n;
  }

  private newId(): string {
    const id = String(this.nextId);
    this.nextId += 1n;
    return id;
  }

  /** Replies whose time has come join the incoming list. */
  private settle(): void {
    const now = this.options.now();
    for (let i = this.pendingReplies.length - 1; i >= 0; i--) {
      const reply = this.pendingReplies[i] as SimIncoming;
      if (reply.createdAt <= now) {
        this.pendingReplies.splice(i, 1);
        insertSorted(this.incoming, reply);
        this.incomingById.set(reply.id, reply);
      }
    }
  }

  statusOf(message: SimOutgoing): StatusView {
    if (message.override) return message.override;
    const age = this.options.now() - message.createdAt;
    const plan = message.plan;
    if (plan.final === 'failed') return age >= plan.failedAfterMs ? { status: 'failed', state: 'UNDELIV' } : { status: 'sent', state: 'SENT' };
    if (age < 300 && plan.deliveredAfterMs > 0) return { status: 'Processing', state: 'QUEUED' };
    if (age < plan.deliveredAfterMs) return { status: 'sent', state: 'SENT' };
    if (plan.final === 'read' && age >= plan.readAfterMs) return { status: 'read', state: 'READ' };
    return { status: 'delivered', state: 'DELIVRD' };
  }

  list<D extends 'incoming' | 'outgoing'>(
    direction: D,
    filter: ListFilter,
    offset: number,
    limit: number,
  ): { total: number; items: (D extends 'incoming' ? SimIncoming : SimOutgoing)[] } {
    this.settle();
    type Item = D extends 'incoming' ? SimIncoming : SimOutgoing;
    const all = (direction === 'incoming' ? this.incoming : this.outgoing) as Item[];
    const lo = filter.start !== undefined ? lowerBound(all, filter.start) : 0;
    const delay = this.options.listingDelayMs?.() ?? 0;
    const listedUntil = delay > 0 ? this.options.now() - delay : undefined;
    const end = listedUntil !== undefined && (filter.end === undefined || listedUntil < filter.end) ? listedUntil : filter.end;
    const hi = end !== undefined ? upperBound(all, end) : all.length;
    const needsScan = filter.destination !== undefined || filter.origin !== undefined || filter.search !== undefined;
    const oldestFirst = this.options.listOrder === 'oldest-first';
    if (!needsScan) {
      // Newest first: offset 1 is the last element of the range.
      const total = Math.max(0, hi - lo);
      const items: Item[] = [];
      if (oldestFirst) for (let i = lo + offset - 1; i < hi && items.length < limit; i++) items.push(all[i] as Item);
      else for (let i = hi - offset; i >= lo && items.length < limit; i--) items.push(all[i] as Item);
      return { total, items };
    }
    const search = filter.search?.toLowerCase();
    const matches: Item[] = [];
    for (let i = hi - 1; i >= lo; i--) {
      const m = all[i] as SimIncoming | SimOutgoing;
      const from = 'from' in m ? m.from : m.origin;
      const to = 'from' in m ? m.to : m.recipient;
      if (filter.origin !== undefined && from !== filter.origin) continue;
      if (filter.destination !== undefined && to !== filter.destination) continue;
      if (search !== undefined && !`${from} ${to} ${m.message}`.toLowerCase().includes(search)) continue;
      matches.push(m as Item);
    }
    if (oldestFirst) matches.reverse();
    return { total: matches.length, items: matches.slice(offset - 1, offset - 1 + limit) };
  }

  getIncoming(id: string): SimIncoming | undefined {
    this.settle();
    return this.incomingById.get(id);
  }

  getOutgoing(id: string): SimOutgoing | undefined {
    return this.outgoingById.get(id);
  }

  addOutgoing(recipient: string, message: string): SimOutgoing {
    const random = this.options.random;
    const plan = statusPlan(random);
    const scale = this.options.statusDelayScale;
    const scaled = { ...plan, deliveredAfterMs: plan.deliveredAfterMs * scale, readAfterMs: plan.readAfterMs * scale, failedAfterMs: plan.failedAfterMs * scale };
    const our = this.ourNumbers[0] ?? '61480000001';
    const sent: SimOutgoing = { id: this.newId(), recipient, origin: our, message, createdAt: this.options.now(), plan: scaled };
    this.outgoing.push(sent);
    this.outgoingById.set(sent.id, sent);
    if (plan.final !== 'failed' && random() < this.options.replyRate) {
      const [min, max] = this.options.replyDelayMs;
      const delay = min + Math.floor(random() * (max - min + 1));
      const text = REPLIES[Math.floor(random() * REPLIES.length)] ?? 'Thanks!';
      this.pendingReplies.push({ id: this.newId(), from: recipient, to: our, message: text, createdAt: sent.createdAt + delay });
    }
    return sent;
  }

  addIncoming(input: { from: string; to?: string; message: string; createdAt?: number }): SimIncoming {
    const message: SimIncoming = {
      id: this.newId(),
      from: input.from,
      to: input.to ?? this.ourNumbers[0] ?? '61480000001',
      message: input.message,
      createdAt: input.createdAt ?? Math.floor(this.options.now() / 1000) * 1000,
    };
    insertSorted(this.incoming, message);
    this.incomingById.set(message.id, message);
    return message;
  }

  setStatus(id: string, status: string, state: string): boolean {
    const message = this.outgoingById.get(id);
    if (!message) return false;
    message.override = { status, state };
    return true;
  }

  optIns(): SimContact[] {
    return [...this.contacts.values()].filter((c) => c.optedIn);
  }

  optIn(entries: { number: string; name?: string }[]): SimContact[] {
    return entries.map((entry) => {
      const existing = this.contacts.get(entry.number);
      const contact: SimContact = existing ?? { name: entry.name ?? '', number: entry.number, optedIn: true, capable: !entry.number.endsWith('0000'), blacklist: false };
      contact.optedIn = true;
      if (entry.name) contact.name = entry.name;
      this.contacts.set(entry.number, contact);
      return contact;
    });
  }

  capability(numbers: string[]): SimContact[] {
    return numbers.map(
      (number) =>
        this.contacts.get(number) ?? {
          name: '',
          number,
          optedIn: false,
          // Deterministic for unknown numbers: most are on WhatsApp.
          capable: !number.endsWith('0000') && Number(number.slice(-2)) % 10 !== 7,
          blacklist: number.endsWith('666'),
        },
    );
  }
}
