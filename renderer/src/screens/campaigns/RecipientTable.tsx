import { useCallback, useState, type ReactElement } from 'react';
import type { RecipientRow, RecipientState } from '../../../../shared/campaign-runs';
import { plural } from '../../../../shared/plural';
import { api } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Notice } from '../../components/Notice';
import { UserText } from '../../components/UserText';
import { usePagedRows } from '../../hooks/usePagedRows';
import type { RovingItemProps } from '../../hooks/useRovingFocus';
import { useVirtualRows } from '../../hooks/useVirtualRows';
import { fullTimeWithZone, listTime } from '../../time';
import { deliveryLabels, recipientStateLabels } from './labels';

type Filter = 'all' | RecipientState | 'delivered' | 'read' | 'delivery_failed';
const filterLabels: Record<Filter, string> = {
  all: 'Everyone',
  ...recipientStateLabels,
  delivered: 'Delivered',
  read: 'Read',
  delivery_failed: 'Not delivered',
};
const filters: Filter[] = ['all', 'accepted', 'delivered', 'read', 'delivery_failed', 'failed', 'attention', 'skipped', 'planned', 'unknown', 'cancelled'];

function status(row: RecipientRow): string {
  if (row.state === 'accepted' && row.delivery) return deliveryLabels[row.delivery];
  return recipientStateLabels[row.state];
}

/** One recipient; rows that need attention carry their own two decisions. */
function Line({ row, onResolve, roving, tabStop }: { row: RecipientRow; onResolve: ((row: number, decision: 'send-again' | 'arrived') => void) | null; roving: RovingItemProps; tabStop: boolean }): ReactElement {
  const who = row.name ? `${row.name} (${row.recipient ?? ''})` : (row.recipient ?? 'no number');
  // The row itself is the list's focus target (one Tab stop, arrows between rows), so a keyboard
  // user can read the table; its buttons are reachable by Tab from the row holding the stop.
  return (
    <div className="recipient-row" {...roving}>
      <span className="recipient-row__row">{row.row}</span>
      <span className="recipient-row__who">
        {row.name ? <UserText text={row.name} /> : null}
        <span className="mono" dir="ltr">
          {row.recipient ?? '—'}
        </span>
      </span>
      <span className={`recipient-row__state recipient-row__state--${row.state}`}>{status(row)}</span>
      <span className="recipient-row__error">{row.error ?? ''}</span>
      <span className="recipient-row__time" title={row.sentAt ? fullTimeWithZone(row.sentAt) : undefined}>
        {row.sentAt ? listTime(row.sentAt) : ''}
      </span>
      {onResolve && row.state === 'attention' ? (
        <span className="recipient-row__actions">
          <button type="button" className="button button--small" tabIndex={tabStop ? 0 : -1} aria-label={`Send again to ${who}`} onClick={() => onResolve(row.row, 'send-again')}>
            Send again
          </button>
          <button type="button" className="button button--small" tabIndex={tabStop ? 0 : -1} aria-label={`Mark as arrived for ${who}`} onClick={() => onResolve(row.row, 'arrived')}>
            Mark as arrived
          </button>
        </span>
      ) : null}
    </div>
  );
}

/** Every recipient of a campaign, filterable by state and searchable by number or name (virtualized). */
export function RecipientTable(props: { campaignId: string; version: number; onResolve: (row: number, decision: 'send-again' | 'arrived') => void }): ReactElement {
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const query = search.trim().slice(0, 80);
  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await api.campaigns.recipients({ id: props.campaignId, filter, search: query, offset, limit });
      return { total: page.total, items: page.rows };
    },
    [props.campaignId, filter, query],
  );
  const rows = usePagedRows<RecipientRow>(fetchPage, `${filter}|${query}|${props.version}`);
  const { parentRef, virtualizer, items, roving } = useVirtualRows(rows, 48);
  return (
    <section className="card card--fill recipients" aria-label="Recipients">
      <div className="filters">
        <label className="filters__field">
          <span>Show</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            {filters.map((f) => (
              <option key={f} value={f}>
                {filterLabels[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__field">
          <span>Search</span>
          <input type="search" placeholder="Number or name" maxLength={80} value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        {rows.total !== null ? <span className="field__hint">{plural(rows.total, 'recipient')}</span> : null}
      </div>
      {rows.error ? <Notice tone="error">{rows.error}</Notice> : null}
      {rows.total === 0 && !rows.loading ? (
        <EmptyState icon="person" title="Nobody matches">
          <p>Try another state or search.</p>
        </EmptyState>
      ) : null}
      <div className="recipient-row recipient-row--head" aria-hidden="true">
        <span>Row</span>
        <span>Customer</span>
        <span>Status</span>
        <span>Why</span>
        <span>Sent</span>
      </div>
      <div className="recipients__scroll" ref={parentRef}>
        <div role="list" aria-label="Recipient list" onKeyDown={roving.onKeyDown} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows.rowAt(item.index);
            return (
              <div key={item.key} role="listitem" className="recipients__row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                {row ? <Line row={row} onResolve={props.onResolve} roving={roving.itemProps(item.index)} tabStop={roving.isTabStop(item.index)} /> : <div className="recipient-row recipient-row--placeholder" aria-hidden="true" />}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
