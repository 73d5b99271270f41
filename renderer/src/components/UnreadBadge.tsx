import type { ReactElement } from 'react';
import { plural } from '../../../shared/plural';
import { useUnread } from '../stores/unread';

/** The Inbox entry's count of unread customer messages ("99+" past 99); the entry reads "Inbox 12 unread". */
export function UnreadBadge(): ReactElement | null {
  const total = useUnread((s) => s.total);
  if (!total || total.messages === 0) return null;
  return (
    <span className="nav__badge" title={`${plural(total.messages, 'unread message')} in ${plural(total.conversations, 'conversation')}`}>
      {total.messages > 99 ? '99+' : total.messages}
      <span className="visually-hidden"> unread</span>
    </span>
  );
}
