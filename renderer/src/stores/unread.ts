import { create } from 'zustand';
import type { UnreadTotal } from '../../../shared/contacts';
import { api } from '../api';

interface UnreadState {
  readonly total: UnreadTotal | null;
  readonly refresh: () => Promise<void>;
}

/** Unread customer messages in all conversations: the Inbox entry's badge. */
export const useUnread = create<UnreadState>()((set) => ({
  total: null,
  async refresh() {
    try {
      set({ total: await api.conversations.unread() });
    } catch {
      // No account, or the cache is switching: the badge keeps its last figure.
    }
  },
}));

/** Re-reads the total when messages change (a sync, a read, a send) or the account does; a burst of changes reads it once. */
export function subscribeUnreadEvents(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const soon = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void useUnread.getState().refresh(), 300);
  };
  void useUnread.getState().refresh();
  const offChanged = api.on('messages.changed', soon);
  const offAccount = api.on('account.changed', soon);
  return () => {
    if (timer) clearTimeout(timer);
    offChanged();
    offAccount();
  };
}
