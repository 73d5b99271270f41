import { create } from 'zustand';
import type { AccountStatus, ConnectionTestResult } from '../../../shared/account';
import { AppError } from '../../../shared/result';
import { api, errorMessage } from '../api';

interface AccountState {
  readonly status: AccountStatus | null;
  readonly busy: 'testing' | 'saving' | 'removing' | 'demo' | 'checking' | null;
  readonly error: string | null;
  readonly load: () => Promise<void>;
  readonly test: (key: string, secret: string, baseUrl?: string) => Promise<ConnectionTestResult | { fields: Record<string, string[]> }>;
  readonly save: (key: string, secret: string, acceptWeakStorage: boolean) => Promise<Record<string, string[]>>;
  readonly recheck: () => Promise<void>;
  readonly remove: () => Promise<void>;
  readonly startDemo: () => Promise<void>;
  readonly stopDemo: () => Promise<void>;
}

function fieldsOf(error: unknown): Record<string, string[]> {
  if (error instanceof AppError && error.fields) return error.fields;
  return { _: [errorMessage(error)] };
}

export const useAccount = create<AccountState>()((set) => {
  const run = async (busy: AccountState['busy'], work: () => Promise<AccountStatus>): Promise<void> => {
    set({ busy, error: null });
    try {
      set({ status: await work(), busy: null });
    } catch (error) {
      set({ busy: null, error: errorMessage(error) });
    }
  };
  return {
    status: null,
    busy: null,
    error: null,
    load: () => run(null, () => api.account.status()),
    async test(key, secret, baseUrl) {
      set({ busy: 'testing', error: null });
      try {
        return await api.account.test(baseUrl ? { key, secret, baseUrl } : { key, secret });
      } catch (error) {
        return { fields: fieldsOf(error) };
      } finally {
        set({ busy: null });
      }
    },
    async save(key, secret, acceptWeakStorage) {
      set({ busy: 'saving', error: null });
      try {
        set({ status: await api.account.save({ key, secret, acceptWeakStorage }), busy: null });
        return {};
      } catch (error) {
        set({ busy: null });
        return fieldsOf(error);
      }
    },
    recheck: () => run('checking', () => api.account.recheck()),
    remove: () => run('removing', () => api.account.remove()),
    startDemo: () => run('demo', () => api.demo.start()),
    stopDemo: () => run('demo', () => api.demo.stop()),
  };
});

export function subscribeAccountEvents(): () => void {
  return api.on('account.changed', (status) => useAccount.setState({ status }));
}

/** True when the app can talk to an account (real or demo). */
export function hasAccount(status: AccountStatus | null): boolean {
  return status !== null && status.mode !== 'none';
}
