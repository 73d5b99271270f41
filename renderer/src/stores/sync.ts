import { create } from 'zustand';
import type { SyncStatus } from '../../../shared/history';
import { api, errorMessage } from '../api';

interface SyncState {
  readonly status: SyncStatus | null;
  readonly error: string | null;
  /** Bumped whenever cached messages change; lists re-read when it moves. */
  readonly version: number;
  readonly changedContacts: readonly string[];
  readonly load: () => Promise<void>;
  readonly start: () => Promise<void>;
  readonly cancel: () => Promise<void>;
}

export const useSync = create<SyncState>()((set) => ({
  status: null,
  error: null,
  version: 0,
  changedContacts: [],
  async load() {
    try {
      set({ status: await api.sync.status(), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  async start() {
    set({ error: null });
    try {
      set({ status: await api.sync.start() });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  async cancel() {
    try {
      set({ status: await api.sync.cancel() });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
}));

export function subscribeSyncEvents(): () => void {
  // Fresh news from main replaces an old transport error.
  const offProgress = api.on('sync.progress', (status) => useSync.setState({ status, error: null }));
  const offChanged = api.on('messages.changed', ({ contacts }) =>
    useSync.setState((s) => ({ version: s.version + 1, changedContacts: contacts })),
  );
  return () => {
    offProgress();
    offChanged();
  };
}
