import { useCallback, type ReactElement } from 'react';
import type { CampaignSummary } from '../../../../shared/campaign-runs';
import { plural } from '../../../../shared/plural';
import { api } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { ScreenHeader } from '../../components/ScreenHeader';
import { usePagedRows } from '../../hooks/usePagedRows';
import type { RovingItemProps } from '../../hooks/useRovingFocus';
import { useVirtualRows } from '../../hooks/useVirtualRows';
import { fullTimeWithZone, listTime } from '../../time';
import { useCalmVersion, useCampaigns } from './campaign-store';
import { campaignStateLabels, campaignStateTone, countsLine } from './labels';

function Row({ campaign, onOpen, roving }: { campaign: CampaignSummary; onOpen: () => void; roving: RovingItemProps }): ReactElement {
  const when = campaign.startedAt ?? campaign.settings.startAt ?? campaign.createdAt;
  return (
    <button type="button" className="campaign-row" onClick={onOpen} {...roving}>
      <span className="campaign-row__name">
        <strong dir="auto">{campaign.name}</strong>
        <span className="campaign-row__sub">
          {campaign.templateName} · {campaign.fileName}
        </span>
      </span>
      <span>
        <span className={`badge badge--${campaignStateTone[campaign.state]}`}>{campaignStateLabels[campaign.state]}</span>
      </span>
      <span className="campaign-row__counts">{countsLine(campaign)}</span>
      <span className="campaign-row__time" title={fullTimeWithZone(when)}>
        {listTime(when)}
      </span>
    </button>
  );
}

/** The Bulk send screen's home: every campaign, newest first, and the way to start one. */
export function CampaignList(): ReactElement {
  const show = useCampaigns((s) => s.show);
  const version = useCalmVersion(1000);
  const fetchPage = useCallback(async (offset: number, limit: number) => {
    const page = await api.campaigns.list({ offset, limit });
    return { total: page.total, items: page.items };
  }, []);
  const rows = usePagedRows<CampaignSummary>(fetchPage, String(version), 50);
  const { parentRef, virtualizer, items, roving } = useVirtualRows(rows, 64);
  const newButton = (
    <button type="button" className="button button--primary" onClick={() => show({ kind: 'new' })}>
      <Icon name="bulk" size={16} /> New campaign
    </button>
  );
  return (
    <div className="screen">
      <ScreenHeader title="Bulk send" subtitle="Send an approved template to many customers from a spreadsheet, at a safe pace, each of them once." actions={newButton} />
      {rows.error ? (
        <Notice tone="error" label="Campaigns not loaded">
          The campaigns could not be read: {rows.error}
        </Notice>
      ) : null}
      {rows.loading && rows.total === null ? (
        <p className="loading" role="status">
          <span className="spinner spinner--small" aria-hidden="true" /> Loading campaigns…
        </p>
      ) : null}
      {rows.total === 0 && !rows.loading ? (
        <EmptyState icon="bulk" title="No campaigns yet">
          <p>
            Load the spreadsheet you already keep (Excel, Google Sheets or CSV), choose a template and which column fills
            each of its blanks, check every row, then send. Each customer gets the message once, even if the app closes
            half-way. Start with New campaign, above.
          </p>
        </EmptyState>
      ) : null}
      {rows.total ? (
        <section className="campaign-list card card--fill" aria-label="Campaigns">
          <div className="campaign-row campaign-row--head" aria-hidden="true">
            <span>Campaign</span>
            <span>State</span>
            <span>Progress</span>
            <span>Date</span>
          </div>
          <div className="campaign-list__scroll" ref={parentRef}>
            <div role="list" aria-label="Campaign list" onKeyDown={roving.onKeyDown} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const campaign = rows.rowAt(item.index);
                return (
                  <div key={item.key} role="listitem" className="campaign-list__row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                    {campaign ? <Row campaign={campaign} onOpen={() => show({ kind: 'campaign', id: campaign.id })} roving={roving.itemProps(item.index)} /> : <div className="campaign-row campaign-row--placeholder" aria-hidden="true" />}
                  </div>
                );
              })}
            </div>
          </div>
          <div className="conversations__count">{plural(rows.total, 'campaign')}</div>
        </section>
      ) : null}
    </div>
  );
}
