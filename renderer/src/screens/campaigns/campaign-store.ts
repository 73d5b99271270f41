import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { api } from '../../api';

/** Where the Bulk send screen is: the list, the New campaign wizard, or one campaign. */
export type CampaignView = { kind: 'list' } | { kind: 'new' } | { kind: 'campaign'; id: string };

interface CampaignsState {
  readonly view: CampaignView;
  /** Bumped on every progress event; views re-read through `useCalmVersion`. */
  readonly version: number;
  readonly show: (view: CampaignView) => void;
}

export const useCampaigns = create<CampaignsState>()((set) => ({
  view: { kind: 'list' },
  version: 0,
  show: (view) => set({ view }),
}));

/** Counts progress events (main sends at most 10 a second in all). */
export function subscribeCampaignEvents(): () => void {
  return api.on('campaigns.progress', () => useCampaigns.setState((s) => ({ version: s.version + 1 })));
}

/**
 * The progress version, changing at most every `ms`: views that re-read a campaign on progress
 * do it at a pace people can follow, whatever the pace of the events. It listens outside React,
 * so an event re-renders nothing until the calm version moves.
 */
export function useCalmVersion(ms = 500): number {
  const [calm, setCalm] = useState(() => useCampaigns.getState().version);
  useEffect(() => {
    // A throttle, not a debounce: a steady stream of events still refreshes every `ms`.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = useCampaigns.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = null;
        setCalm(useCampaigns.getState().version);
      }, ms);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [ms]);
  return calm;
}
