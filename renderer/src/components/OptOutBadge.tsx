import type { ReactElement } from 'react';
import type { OptOutStatus } from '../../../shared/optouts';
import { fullTime, shortDay } from '../time';

/** "Opted out on 3 Mar, by message": the ledger's answer in a few words, or null when none applies. */
export function optOutSummary(status: OptOutStatus | null): string | null {
  if (!status) return null;
  const out = status.optedOut;
  if (out) return `Opted out on ${shortDay(out.at)}, ${out.how === 'keyword' ? 'by message' : 'by hand'}`;
  if (status.blacklisted) return 'Blacklisted by SMSGlobal';
  return null;
}

/** The evidence behind it, for a tooltip and screen readers. */
export function optOutEvidence(status: OptOutStatus | null): string | null {
  const out = status?.optedOut;
  if (out) return out.how === 'keyword' ? `They wrote “${out.text ?? ''}” on ${fullTime(out.at)}.` : `Changed by hand on ${fullTime(out.at)}: ${out.note ?? ''}`;
  if (status?.blacklisted) return 'SMSGlobal’s opt-in list marks this number as blacklisted.';
  return null;
}

/** A badge for headers and rows: nothing when the number may be messaged. Pure. */
export function OptOutBadge({ status }: { status: OptOutStatus | null }): ReactElement | null {
  const summary = optOutSummary(status);
  if (!summary) return null;
  const evidence = optOutEvidence(status);
  return (
    <span className="badge badge--danger" title={evidence ?? undefined} aria-label={evidence ? `${summary}. ${evidence}` : summary} role="status">
      {summary}
    </span>
  );
}
