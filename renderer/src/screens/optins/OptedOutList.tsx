import { useCallback, useState, type ReactElement } from 'react';
import type { OptedOutRecord } from '../../../../shared/optouts';
import { api, errorMessage } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { usePagedRows } from '../../hooks/usePagedRows';
import { useVirtualRows } from '../../hooks/useVirtualRows';
import { useOptOuts } from '../../stores/optouts';
import { fullTime, shortDay } from '../../time';
import { ManualOptOutForm } from './ManualOptOutForm';

/** How the opt-out came about, in a few words: the customer's message or the user's note. */
function how(record: OptedOutRecord): string {
  return record.how === 'keyword' ? `Wrote “${record.text ?? ''}”` : `By hand: ${record.note ?? ''}`;
}

/**
 * The Opt-ins screen's "Opted out" tab: every number whose latest change is an opt-out, with
 * when and how, a manual opt-out or opt-in with a note, and the whole ledger as CSV (the
 * evidence if a customer disputes a message).
 */
export function OptedOutList({ version }: { version: number }): ReactElement {
  const ledgerVersion = useOptOuts((s) => s.version);
  const [filter, setFilter] = useState('');
  const [form, setForm] = useState<{ action: 'out' } | { action: 'in'; number: string } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<{ text: string; failed: boolean } | null>(null);
  const fetchPage = useCallback((offset: number, limit: number) => api.optouts.list({ offset, limit, ...(filter.trim() ? { filter: filter.trim() } : {}) }), [filter]);
  const rows = usePagedRows<OptedOutRecord>(fetchPage, `${filter}|${version}|${ledgerVersion}`);
  const { parentRef, virtualizer, items, roving } = useVirtualRows(rows, 52);

  const exportLedger = async (): Promise<void> => {
    setExporting(true);
    setExported(null);
    try {
      const result = await api.optouts.export();
      setExported({ text: result.saved ? `Exported ${result.rows.toLocaleString()} changes${result.location ? ` to ${result.location}` : ''}.` : 'Export cancelled.', failed: false });
    } catch (e) {
      setExported({ text: `Export failed: ${errorMessage(e)}`, failed: true });
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="card card--fill" aria-label="Opted-out numbers">
      <div className="filters">
        <label className="filters__field">
          <span>Search</span>
          <input type="search" placeholder="Name, number, message or note" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <button type="button" className="button" onClick={() => setForm({ action: 'out' })}>
          Opt out a number…
        </button>
        <button type="button" className="button" onClick={() => void exportLedger()} disabled={exporting}>
          <Icon name="download" size={16} /> {exporting ? 'Exporting…' : 'Export ledger (CSV)'}
        </button>
        <span className="field__hint">Keyword messages are found by each sync; the words are in Settings.</span>
      </div>
      {form ? (
        <div className="optout-form-card">
          <ManualOptOutForm key={form.action === 'in' ? form.number : 'new'} {...(form.action === 'in' ? { number: form.number } : {})} action={form.action} onDone={() => setForm(null)} onCancel={() => setForm(null)} />
        </div>
      ) : null}
      {exported ? <Notice tone={exported.failed ? 'error' : 'ok'}>{exported.text}</Notice> : null}
      {rows.error ? <Notice tone="error">{rows.error}</Notice> : null}
      {rows.total === 0 && !rows.loading ? (
        <EmptyState icon="optins" title={filter ? 'No opted-out number matches' : 'Nobody has opted out'}>
          <p>{filter ? 'Try another name, number or word.' : 'When a customer writes STOP (or another word from Settings), the next sync lists them here with their message.'}</p>
        </EmptyState>
      ) : null}
      <div className="optin-row optin-row--head optout-row" aria-hidden="true">
        <span>Customer</span>
        <span>Opted out</span>
        <span>How</span>
        <span />
      </div>
      <div className="outbox__scroll" ref={parentRef}>
        <div role="list" aria-label="Opted-out number list" onKeyDown={roving.onKeyDown} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const record = rows.rowAt(item.index);
            return (
              <div key={item.key} role="listitem" aria-setsize={rows.total ?? 0} aria-posinset={item.index + 1} className="outbox__row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                {record ? (
                  // The row takes the focus; its button is a Tab stop only in the focused row.
                  <div className="optin-row optout-row" {...roving.itemProps(item.index)}>
                    <span className="optout-row__who">
                      <span>{record.name ?? <span className="field__hint">No name</span>}</span>
                      <span className="mono">+{record.number}</span>
                    </span>
                    <span title={fullTime(record.at)}>{shortDay(record.at)}</span>
                    <span className="optout-row__how" title={how(record)}>
                      <span className={`badge ${record.how === 'keyword' ? 'badge--info' : ''}`}>{record.how === 'keyword' ? 'Message' : 'By hand'}</span> {record.how === 'keyword' ? `“${record.text ?? ''}”` : record.note}
                    </span>
                    <button type="button" className="button button--small" tabIndex={roving.isTabStop(item.index) ? 0 : -1} aria-label={`Opt back in +${record.number}`} onClick={() => setForm({ action: 'in', number: record.number })}>
                      Opt back in…
                    </button>
                  </div>
                ) : (
                  <div className="optin-row optin-row--placeholder optout-row" aria-hidden="true" />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {rows.total ? <div className="conversations__count">{rows.total.toLocaleString()} opted-out numbers</div> : null}
    </section>
  );
}
