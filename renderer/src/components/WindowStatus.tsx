import type { ReactElement } from 'react';
import { useNow } from '../hooks/useNow';
import { dayAndTime, fullTimeWithZone } from '../time';
import { Icon } from './Icon';

/**
 * The 24-hour customer-service window as of now: it closes as time passes, not only when the
 * conversation is read again (a new message from the customer re-reads it and moves the end).
 */
export function useWindowOpen(closesAt: number | null): boolean {
  const now = useNow(30_000);
  return closesAt !== null && closesAt > now;
}

/** The thread header's badge: open until "tomorrow 2:33 AM", or templates only. */
export function WindowBadge({ closesAt }: { closesAt: number | null }): ReactElement {
  const open = useWindowOpen(closesAt);
  if (open && closesAt !== null) {
    return (
      <span className="badge badge--ok" title={`The customer wrote in the last 24 hours: any message type is delivered until ${fullTimeWithZone(closesAt)}.`}>
        <Icon name="clock" size={12} /> Window open until {dayAndTime(closesAt)}
      </span>
    );
  }
  return (
    <span className="badge badge--warn" title="No message from the customer in the last 24 hours: WhatsApp only delivers templates.">
      Templates only
    </span>
  );
}
