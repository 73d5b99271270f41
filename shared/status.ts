/**
 * Delivery status. SMSGlobal does not document WhatsApp status values; SMS uses "sent",
 * "delivered", "Processing" and carrier words such as DELIVRD, EXPIRED, UNDELIV in mixed case.
 * Known words map to a small set; anything else is "other" and the raw value is kept for display.
 */
/**
 * `waiting`: in this app's own send queue, not handed to SMSGlobal yet (offline, or behind
 * earlier messages). `queued`: SMSGlobal has it and has not sent it on yet. Never the same.
 */
export const NormalizedStatuses = ['waiting', 'pending', 'queued', 'sent', 'delivered', 'read', 'failed', 'unknown', 'other'] as const;
export type NormalizedStatus = (typeof NormalizedStatuses)[number];

const words: Record<string, NormalizedStatus> = {
  queued: 'queued',
  queue: 'queued',
  processing: 'queued',
  pending: 'queued',
  accepted: 'queued',
  scheduled: 'queued',
  enroute: 'queued',
  sent: 'sent',
  submitted: 'sent',
  delivered: 'delivered',
  delivrd: 'delivered',
  read: 'read',
  seen: 'read',
  failed: 'failed',
  failure: 'failed',
  undeliv: 'failed',
  undelivered: 'failed',
  undeliverable: 'failed',
  expired: 'failed',
  rejected: 'failed',
  rejectd: 'failed',
  error: 'failed',
  deleted: 'failed',
};

export function normalizeStatus(status: string | null | undefined, state?: string | null): NormalizedStatus {
  for (const value of [status, state]) {
    const key = (value ?? '').trim().toLowerCase();
    if (key !== '' && words[key]) return words[key];
  }
  return (status ?? '').trim() === '' && (state ?? '').trim() === '' ? 'unknown' : 'other';
}

export const statusLabels: Record<NormalizedStatus, string> = {
  waiting: 'Waiting to send',
  pending: 'Sending',
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
  unknown: 'Checking',
  other: 'Other',
};
