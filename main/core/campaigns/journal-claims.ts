import type { Db } from '../db/database';
import type { DeliveryRecord, DeliveryStore } from '../send/delivery-store';

/**
 * The journal's links to SMSGlobal's messages, for the pipeline's "not claimed by another record"
 * rule while no campaign lane is running (a reply's unknown outcome must never be matched to a
 * message a finished campaign sent). It has no records of its own to send or settle.
 */
export class JournalClaims implements DeliveryStore {
  private readonly lookup;

  constructor(db: Db) {
    this.lookup = db.prepare<[string], { provider_id: string }>('SELECT provider_id FROM campaign_recipients WHERE provider_id = ?');
  }

  ready(): DeliveryRecord[] {
    return [];
  }

  unresolved(): DeliveryRecord[] {
    return [];
  }

  claimed(providerIds: readonly string[]): Set<string> {
    const claimed = new Set<string>();
    for (const id of providerIds) if (this.lookup.get(id)) claimed.add(id);
    return claimed;
  }

  apply(): string[] {
    return [];
  }
}
