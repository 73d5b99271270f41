import type { ReactElement } from 'react';
import { statusLabels, type NormalizedStatus } from '../../../shared/status';
import { Icon } from './Icon';

/** Outbound delivery state, WhatsApp style: ✓ sent, ✓✓ delivered, blue ✓✓ read. */
export function StatusTicks({ status, raw }: { status: NormalizedStatus | null; raw?: string | null }): ReactElement | null {
  if (!status) return null;
  const label = status === 'other' && raw ? raw : statusLabels[status];
  if (status === 'failed') {
    return (
      <span className="ticks ticks--failed" role="img" aria-label={label} title={label}>
        <Icon name="alert" size={14} />
      </span>
    );
  }
  if (status === 'waiting' || status === 'pending' || status === 'queued' || status === 'unknown' || status === 'other') {
    return (
      <span className="ticks" role="img" aria-label={label} title={label}>
        <Icon name="clock" size={13} />
      </span>
    );
  }
  const double = status === 'delivered' || status === 'read';
  return (
    <span className={`ticks ${status === 'read' ? 'ticks--read' : ''}`} role="img" aria-label={label} title={label}>
      <svg width="18" height="12" viewBox="0 0 18 12" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        <path d="M1 6.5 4.5 10 11 2" />
        {double ? <path d="M7 8.5 8.5 10 15 2" /> : null}
      </svg>
    </span>
  );
}

export function StatusBadge({ status, raw }: { status: NormalizedStatus | null; raw?: string | null }): ReactElement | null {
  if (!status) return null;
  const tone = status === 'failed' ? 'badge--danger' : status === 'read' || status === 'delivered' ? 'badge--ok' : status === 'sent' ? 'badge--info' : 'badge--warn';
  return <span className={`badge ${tone}`}>{status === 'other' && raw ? raw : statusLabels[status]}</span>;
}
