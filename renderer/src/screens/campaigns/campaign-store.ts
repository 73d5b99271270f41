import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { CampaignSummary } from '../../../../shared/campaign-runs';
import { api } from '../../api';

/** Where the Bulk send screen is: the list, the New campaign wizard, or one campaign. */
export type CampaignView = { kind: 'list' } | { kind: 'new' } | { kind: 'campaign'; id: string };

interface CampaignsState {
  readonly view: CampaignView;
  /** The latest summary main sent for each campaign (live counts while sending). */
  readonly live: Readonly<Record<string, CampaignSummary>>;
  /** Bumped on every progress event; lists re-read their pages. */
  readonly version: number;
  readonly show: (view: CampaignView) => void;
}

export const useCampaigns = create<CampaignsState>()((set) => ({
  view: { kind: 'list' },
  live: {},
  version: 0,
  show: (view) => set({ view }),
}));

/** Keeps the live summaries as main reports them (at most 10 a second in all). */
export function subscribeCampaignEvents(): () => void {
  return api.on('campaigns.progress', (summary) => useCampaigns.setState((s) => ({ live: { ...s.live, [summary.id]: summary }, version: s.version + 1 })));
}

/**
 * The progress version, changing at most every `ms`: views that re-read a campaign on progress
 * do it at a pace people can follow, whatever the pace of the events.
 */
export function useCalmVersion(ms = 500): number {
  const version = useCampaigns((s) => s.version);
  const [calm, setCalm] = useState(version);
  const latest = useRef(version);
  latest.current = version;
  const behind = version !== calm;
  // A throttle, not a debounce: a steady stream of events still refreshes every `ms`.
  useEffect(() => {
    if (!behind) return;
    const timer = setTimeout(() => setCalm(latest.current), ms);
    return () => clearTimeout(timer);
  }, [behind, ms]);
  return calm;
}
