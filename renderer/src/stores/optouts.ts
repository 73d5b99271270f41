import { create } from 'zustand';
import { api } from '../api';

/** Bumped when the opt-out ledger changes by hand or by new keyword lists; views showing opt-outs re-read. */
interface OptOutsState {
  readonly version: number;
}

export const useOptOuts = create<OptOutsState>()(() => ({ version: 0 }));

export function subscribeOptOutEvents(): () => void {
  return api.on('optouts.changed', () => useOptOuts.setState((s) => ({ version: s.version + 1 })));
}
