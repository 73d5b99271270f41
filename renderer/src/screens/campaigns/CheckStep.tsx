import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { VERDICTS, verdictLabels, warningLabels, type CheckStatus, type VerdictFilter, type VerdictRow } from '../../../../shared/campaigns';
import { plural } from '../../../../shared/plural';
import { api, errorMessage } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { formatCount } from '../../format';
import { usePagedRows } from '../../hooks/usePagedRows';
import { useVirtualRows } from '../../hooks/useVirtualRows';
import { exportSentence } from './labels';

const verdictTone: Record<string, 'ok' | 'warn' | 'danger'> = {
  ready: 'ok',
  duplicate: 'warn',
  opted_out: 'warn',
  blacklisted: 'warn',
  invalid_number: 'danger',
  excel_damaged: 'danger',
  param_problem: 'danger',
};

/** The check's status as main reports it: at once, then as it moves on. */
export function useCheckStatus(draftId: string, initial: CheckStatus): CheckStatus {
  const [status, setStatus] = useState(initial);
  useEffect(() => {
    const off = api.on('campaignDrafts.progress', (s) => {
      if (s.draftId === draftId) setStatus(s);
    });
    // An event may have gone by before the subscription: ask once.
    api.campaignDrafts.status({ draftId }).then(setStatus, () => undefined);
    return off;
  }, [draftId]);
  return status;
}

function VerdictLine({ row }: { row: VerdictRow }): ReactElement {
  const why = row.verdict === 'ready' ? (row.warnings.map((w) => w.message).join(' ') || 'Ready to send.') : (row.reason ?? verdictLabels[row.verdict]);
  return (
    <div className="verdict-row">
      <span className="verdict-row__row">Row {row.row}</span>
      <span className="verdict-row__number" dir="ltr">
        {row.international ?? row.input}
      </span>
      <span>
        <span className={`badge badge--${verdictTone[row.verdict] ?? 'info'}`}>{verdictLabels[row.verdict]}</span>
        {row.warnings.length > 0 ? <span className="badge badge--warn">{warningLabels[row.warnings[0]?.kind ?? 'not_on_opt_in_list']}</span> : null}
      </span>
      <span className="verdict-row__why">{why}</span>
    </div>
  );
}

/** Step 3: every row's verdict, counted at the top, with the rows behind each count. */
export function CheckStep(props: {
  draftId: string;
  initial: CheckStatus;
  skipNotOnOptInList: boolean;
  onSkipChange: (skip: boolean) => void;
  onBack: () => void;
  onNext: () => void;
}): ReactElement {
  const status = useCheckStatus(props.draftId, props.initial);
  const [filter, setFilter] = useState<VerdictFilter>('all');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<{ text: string; failed: boolean } | null>(null);
  const done = status.state === 'done';
  // While the check runs the list grows: re-read it every few thousand rows, and once at the end.
  const stage = done ? 'done' : String(Math.floor(status.checked / 5000));
  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await api.campaignDrafts.verdicts({ draftId: props.draftId, filter, offset, limit });
      return { total: page.total, items: page.rows };
    },
    [props.draftId, filter],
  );
  const rows = usePagedRows<VerdictRow>(fetchPage, `${filter}|${stage}`);
  const { parentRef, virtualizer, items } = useVirtualRows(rows, 44);
  const problems = status.checked - status.counts.ready;
  const notOnList = status.warnings.not_on_opt_in_list;

  const exportProblems = async (): Promise<void> => {
    setSaving(true);
    setSaved(null);
    try {
      setSaved({ text: exportSentence(await api.campaignDrafts.exportProblems({ draftId: props.draftId })), failed: false });
    } catch (e) {
      setSaved({ text: `The problem rows were not saved: ${errorMessage(e)}`, failed: true });
    } finally {
      setSaving(false);
    }
  };

  const chip = (value: VerdictFilter, label: string, count: number, tone: string): ReactElement => (
    <button key={value} type="button" className={`verdict-chip verdict-chip--${tone} ${filter === value ? 'verdict-chip--on' : ''}`} aria-pressed={filter === value} onClick={() => setFilter(value)}>
      <span className="verdict-chip__count">{formatCount(count)}</span> {label}
    </button>
  );

  return (
    <section className="card card--fill" aria-label="Check">
      <h2 className="card__title">Every row, checked</h2>
      {status.state === 'running' || status.state === 'unchecked' ? (
        <div className="check-progress" role="status" aria-live="polite">
          <span>
            Checking row {formatCount(status.checked)} of {formatCount(status.total)}…
          </span>
          <progress max={Math.max(1, status.total)} value={status.checked} aria-label="Rows checked" />
        </div>
      ) : null}
      {status.state === 'failed' ? <Notice tone="error">The check stopped: {status.error ?? 'an unknown problem'}. Go back and try again.</Notice> : null}
      <div className="verdict-chips" role="group" aria-label="Verdicts">
        {chip('all', 'All rows', status.checked, 'info')}
        {VERDICTS.filter((v) => v === 'ready' || status.counts[v] > 0).map((v) => chip(v, verdictLabels[v], status.counts[v], verdictTone[v] ?? 'info'))}
        {notOnList > 0 ? chip('not_on_opt_in_list', warningLabels.not_on_opt_in_list, notOnList, 'warn') : null}
        {status.warnings.unlisted_number > 0 ? chip('unlisted_number', warningLabels.unlisted_number, status.warnings.unlisted_number, 'warn') : null}
      </div>
      {notOnList > 0 ? (
        <div className="switch-row">
          <label className="checkbox">
            <input type="checkbox" role="switch" checked={props.skipNotOnOptInList} onChange={(e) => props.onSkipChange(e.target.checked)} />
            Skip numbers not on the opt-in list
          </label>
          <span className="field__hint">
            {plural(notOnList, 'ready number is', 'ready numbers are')} not on SMSGlobal’s opt-in list. They are sent by default — many shops collect consent at checkout instead.
          </span>
        </div>
      ) : null}
      {status.counts.excel_damaged > 0 ? (
        <Notice tone="warn" label="Numbers damaged by Excel">
          Excel turned {plural(status.counts.excel_damaged, 'number')} into scientific notation (like 6.14123E+11) and the last digits are gone. In Excel, format the phone column as Text, type or paste the numbers again, save, and load the file again.
        </Notice>
      ) : null}
      <div className="verdict-list">
        {rows.error ? <Notice tone="error">{rows.error}</Notice> : null}
        {rows.total === 0 && !rows.loading ? (
          <EmptyState icon="check" title={done ? 'No rows with this verdict' : 'Nothing here yet'}>
            <p>{done ? 'Choose another count above.' : 'Rows show here as soon as they are checked.'}</p>
          </EmptyState>
        ) : null}
        <div className="verdict-list__scroll" ref={parentRef} tabIndex={0} role="region" aria-label="Checked rows">
          <div role="list" aria-label="Rows and their verdicts" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows.rowAt(item.index);
              return (
                <div key={item.key} role="listitem" className="verdict-list__row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                  {row ? <VerdictLine row={row} /> : <div className="verdict-row verdict-row--placeholder" aria-hidden="true" />}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {saved ? <Notice tone={saved.failed ? 'error' : 'ok'}>{saved.text}</Notice> : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={props.onBack}>
          Back
        </button>
        {problems > 0 ? (
          <button type="button" className="button" disabled={saving || !done} onClick={() => void exportProblems()}>
            <Icon name="download" size={16} /> Download problem rows (CSV)
          </button>
        ) : null}
        <button type="button" className="button button--primary" disabled={!done || status.counts.ready === 0} onClick={props.onNext}>
          Next: preview and send
        </button>
        {done && status.counts.ready === 0 ? <span className="form-actions__error">No row can be sent; fix the file and load it again.</span> : null}
      </div>
    </section>
  );
}
