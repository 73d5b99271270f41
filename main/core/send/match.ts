import { decodeMessageBody, sameMessage, type MessageContent } from '../../../shared/messages';

/**
 * The match rule: which entry of SMSGlobal's outgoing list is the message an attempt of unknown
 * outcome sent, if any. Same recipient, same content (as far as a list entry can tell), inside
 * the attempt's window, not claimed by another record, and the nearest in time to the attempt.
 * When several attempts could take the same entry (two "Thanks!" to one customer), the closest
 * pairs are settled first, so each entry goes to one attempt at most. Pure.
 */

export interface Attempt {
  /** The record's own key. */
  key: string;
  recipient: string;
  message: MessageContent;
  /** When the attempt reached SMSGlobal, as best known, on the list's clock (epoch ms). */
  at: number;
  /** The list-clock range a listing of this attempt must fall in, inclusive. */
  window: readonly [number, number];
}

export interface ListedMessage {
  id: string;
  recipient: string;
  /** The list's `message` string: plain text for text messages, the object's JSON otherwise. */
  message: string;
  createdAt: number;
}

export function matchListed<L extends ListedMessage>(attempts: readonly Attempt[], listed: readonly L[], claimed: ReadonlySet<string>): Map<string, L> {
  const byRecipient = new Map<string, L[]>();
  for (const entry of listed) {
    if (claimed.has(entry.id)) continue;
    const list = byRecipient.get(entry.recipient);
    if (list) list.push(entry);
    else byRecipient.set(entry.recipient, [entry]);
  }
  const decoded = new Map<string, MessageContent>();
  const content = (entry: L): MessageContent => {
    let message = decoded.get(entry.id);
    if (!message) {
      message = decodeMessageBody(entry.message);
      decoded.set(entry.id, message);
    }
    return message;
  };
  const pairs: { attempt: Attempt; entry: L; distance: number }[] = [];
  for (const attempt of attempts) {
    for (const entry of byRecipient.get(attempt.recipient) ?? []) {
      if (entry.createdAt < attempt.window[0] || entry.createdAt > attempt.window[1]) continue;
      if (!sameMessage(content(entry), attempt.message)) continue;
      pairs.push({ attempt, entry, distance: Math.abs(entry.createdAt - attempt.at) });
    }
  }
  // Closest first; ties by the attempt's time, then the entry's id, so the result never depends on input order.
  pairs.sort((a, b) => a.distance - b.distance || a.attempt.at - b.attempt.at || a.attempt.key.localeCompare(b.attempt.key) || a.entry.id.localeCompare(b.entry.id));
  const matched = new Map<string, L>();
  const taken = new Set<string>();
  for (const { attempt, entry } of pairs) {
    if (matched.has(attempt.key) || taken.has(entry.id)) continue;
    matched.set(attempt.key, entry);
    taken.add(entry.id);
  }
  return matched;
}
