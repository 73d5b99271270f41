import type { NewMessagesNotice } from '../../shared/contacts';
import { plural } from '../../shared/plural';
import { showHiddenCharacters } from '../../shared/visible-text';
import type { Workspace } from './workspace';

/**
 * When new customer messages deserve a system notification, and its words. Main decides; the
 * desktop shell shows it while the window is in the background, the web preview's page through
 * the browser. Only messages a sync brought in count, never the first download of the history
 * (years of old messages are not news), and only those still unread when the sync ends.
 */

/** One contact's new messages: how many, and the newest one's preview. */
export interface Arrival {
  contact: string;
  name: string | null;
  count: number;
  preview: string;
}

const BODY_MAX = 140;

/** A name or number as a notification may show it: hidden characters visible, one line. */
function who(arrival: Arrival): string {
  return showHiddenCharacters(arrival.name ?? `+${arrival.contact}`);
}

function oneLine(text: string, max: number): string {
  const flat = showHiddenCharacters(text.replace(/\s+/g, ' ').trim());
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The notice for a sync's arrivals, or null when none is due. Pure. */
export function newMessagesNotice(input: { enabled: boolean; firstDownload: boolean; arrivals: readonly Arrival[] }): NewMessagesNotice | null {
  if (!input.enabled || input.firstDownload) return null;
  const arrivals = input.arrivals.filter((a) => a.count > 0);
  const count = arrivals.reduce((n, a) => n + a.count, 0);
  const first = arrivals[0];
  if (count === 0 || !first) return null;
  const contacts = arrivals.map((a) => a.contact);
  if (arrivals.length === 1) {
    return {
      count,
      contacts,
      title: count === 1 ? `New message from ${who(first)}` : `${plural(count, 'new message')} from ${who(first)}`,
      body: oneLine(first.preview, BODY_MAX),
    };
  }
  const named = arrivals.slice(0, 3).map(who);
  const others = arrivals.length - named.length;
  return {
    count,
    contacts,
    title: `${plural(count, 'new message')} from ${plural(arrivals.length, 'customer')}`,
    body: oneLine(others > 0 ? `${named.join(', ')} and ${plural(others, 'other')}` : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1] ?? ''}`, BODY_MAX),
  };
}

/** What the cache looked like when a sync started: where new messages begin. */
export interface ArrivalMark {
  firstDownload: boolean;
  /** New incoming messages were created after this (the last synced point, with a day's margin for late ones). */
  createdAfter: number;
  /** …and written by this run (the cache's write stamp, on this computer's clock like `Date.now()`). */
  writtenSince: number;
}

const LATE_MARGIN_MS = 24 * 60 * 60_000;

export function arrivalMark(workspace: Workspace, now = Date.now()): ArrivalMark {
  const syncedUntil = workspace.syncState.get('in').syncedUntil;
  return { firstDownload: syncedUntil === null, createdAfter: (syncedUntil ?? now) - LATE_MARGIN_MS, writtenSince: now };
}

/** The notice for what a sync that started at `mark` brought in, or null. */
export function noticeSince(workspace: Workspace, mark: ArrivalMark, enabled: boolean): NewMessagesNotice | null {
  if (!enabled || mark.firstDownload) return null;
  return newMessagesNotice({ enabled, firstDownload: mark.firstDownload, arrivals: workspace.queries.arrivals(mark.createdAfter, mark.writtenSince) });
}
