import type { CampaignState, CampaignSummary, DeliveryState, RecipientState } from '../../../../shared/campaign-runs';
import type { CallOutput } from '../../../../shared/contract';
import { plural } from '../../../../shared/plural';
import { formatCount } from '../../format';

/** Campaign and recipient states in a shop owner's words. Pure. */

export const campaignStateLabels: Record<CampaignState, string> = {
  scheduled: 'Scheduled',
  waiting: 'Waiting for you',
  sending: 'Sending',
  paused: 'Paused',
  completed: 'Finished',
  cancelled: 'Cancelled',
};

export const campaignStateTone: Record<CampaignState, 'ok' | 'info' | 'warn' | 'danger'> = {
  scheduled: 'info',
  waiting: 'warn',
  sending: 'info',
  paused: 'warn',
  completed: 'ok',
  cancelled: 'danger',
};

export const recipientStateLabels: Record<RecipientState, string> = {
  planned: 'Not sent yet',
  sending: 'Sending',
  accepted: 'Sent',
  failed: 'Failed',
  unknown: 'Being checked',
  attention: 'Needs attention',
  skipped: 'Skipped',
  cancelled: 'Not sent (cancelled)',
};

export const deliveryLabels: Record<DeliveryState, string> = {
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not delivered',
  other: 'Other',
};

/** A campaign that will not send anything more by itself. */
export function isFinished(state: CampaignState): boolean {
  return state === 'completed' || state === 'cancelled';
}

/** "about 3 minutes", "2 hours 5 minutes", "3 days": a duration as people say it. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return plural(Math.max(1, seconds), 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(minutes % 60, 'minute')}`;
  return plural(Math.round(hours / 24), 'day');
}

/** How a save went, in a sentence (the desktop's save dialog, or the preview's download). */
export function exportSentence(result: CallOutput<'campaigns.exportResults'>): string {
  return result.saved ? `Saved ${plural(result.rows, 'row')}${result.location ? ` to ${result.location}` : ''}.` : 'Nothing saved.';
}

/** "240 of 1,000 sent · 3 failed · 12 skipped": what a campaign has done, in one line. */
export function countsLine(c: Pick<CampaignSummary, 'total' | 'counts'>): string {
  const sendable = c.total - c.counts.skipped;
  const parts = [`${formatCount(c.counts.accepted)} of ${formatCount(sendable)} sent`];
  if (c.counts.failed > 0) parts.push(`${formatCount(c.counts.failed)} failed`);
  if (c.counts.attention > 0) parts.push(`${formatCount(c.counts.attention)} need attention`);
  if (c.counts.skipped > 0) parts.push(`${formatCount(c.counts.skipped)} skipped`);
  return parts.join(' · ');
}
