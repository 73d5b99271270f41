import type { Db } from '../db/database';

/**
 * What the check needs to know about numbers it did not read from the file: whether the customer
 * opted out (when, and how), whether SMSGlobal blacklists the number, and whether it is on
 * SMSGlobal's opt-in list. The check asks for a batch of numbers at a time and knows nothing of
 * where the answers come from, so the opt-out ledger can take over from the contacts cache
 * without touching the check.
 */
export interface RecipientFact {
  optedOut: { at: number | null; how: string } | null;
  blacklisted: boolean;
  onOptInList: boolean;
}

export interface RecipientFacts {
  /** Facts for these numbers (international digits); a number it knows nothing about may be left out. */
  lookup(numbers: readonly string[]): ReadonlyMap<string, RecipientFact>;
}

/** A number nobody knows anything about: not opted out, not blacklisted, not on the opt-in list. */
export const UNKNOWN_RECIPIENT: RecipientFact = { optedOut: null, blacklisted: false, onOptInList: false };

/**
 * Facts from the account cache's contacts (SMSGlobal's opt-in list as last synced). That list
 * records opt-ins and the blacklist flag, not opt-outs, so nobody reads as opted out here; the
 * opt-out ledger answers that once it is wired in.
 */
export function contactsRecipientFacts(db: Db): RecipientFacts {
  const query = db.prepare<[string], { number: string; opted_in: number; blacklist: number | null }>(
    'SELECT number, opted_in, blacklist FROM contacts WHERE number IN (SELECT value FROM json_each(?))',
  );
  return {
    lookup(numbers) {
      const facts = new Map<string, RecipientFact>();
      if (numbers.length === 0) return facts;
      for (const row of query.all(JSON.stringify(numbers))) {
        facts.set(row.number, { optedOut: null, blacklisted: row.blacklist === 1, onOptInList: row.opted_in === 1 });
      }
      return facts;
    },
  };
}

/** How an opt-out came about, in the words the check's verdict shows. */
function howWords(event: { how: string; text: string | null; note: string | null }): string {
  if (event.how === 'keyword') return event.text ? `by message ("${event.text}")` : 'by message';
  return event.note ? `by hand ("${event.note}")` : 'by hand';
}

/**
 * The facts campaigns use: the opt-out ledger (keyword messages and changes by hand) through
 * `optedOutAmong`, SMSGlobal's blacklist and opt-in list from the contacts cache.
 */
export function ledgerRecipientFacts(
  db: Db,
  optedOutAmong: (numbers: readonly string[]) => readonly { number: string; at: number; how: string; text: string | null; note: string | null }[],
): RecipientFacts {
  const contacts = contactsRecipientFacts(db);
  return {
    lookup(numbers) {
      const facts = new Map(contacts.lookup(numbers));
      if (numbers.length === 0) return facts;
      for (const event of optedOutAmong(numbers)) {
        facts.set(event.number, { ...(facts.get(event.number) ?? UNKNOWN_RECIPIENT), optedOut: { at: event.at, how: howWords(event) } });
      }
      return facts;
    },
  };
}
