import { useState, type ReactElement } from 'react';
import type { NumberSource, OptInOutcome, OptInPlan } from '../../../../shared/optins';
import { api, errorMessage } from '../../api';
import { NumberSourcePicker } from './NumberSourcePicker';
import { Notice } from '../../components/Notice';
import { UserText } from '../../components/UserText';
import { noun, plural } from '../../../../shared/plural';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { sourceErrors } from './source-check';
import { reasonCounts, RowSummary, SUMMARY_ROWS } from './RowSummary';

/** Opt in one number, a pasted list or a CSV file: check, review the summary, then send. */
export function AddNumbers({ onDone }: { onDone: () => void }): ReactElement {
  const [source, setSource] = useState<NumberSource | null>(null);
  const [plan, setPlan] = useState<OptInPlan | null>(null);
  const [results, setResults] = useState<OptInOutcome[] | null>(null);
  const [busy, setBusy] = useState<'checking' | 'sending' | null>(null);
  const [error, setError] = useState<string | null>(null);
  // "Add at least one number first." goes as soon as there are numbers (a file loads, a line is typed).
  const sourceCheck = useFieldErrors({ source: source !== null }, () => sourceErrors(source));

  const check = async (): Promise<void> => {
    sourceCheck.show(sourceErrors(source));
    if (!source) return;
    setBusy('checking');
    setError(null);
    setResults(null);
    try {
      setPlan(await api.optins.plan({ source }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const submit = async (): Promise<void> => {
    if (!plan) return;
    setBusy('sending');
    setError(null);
    try {
      const { results: outcome } = await api.optins.submit({ entries: plan.valid.map((v) => (v.name ? { number: v.number, name: v.name } : { number: v.number })) });
      setResults(outcome);
      setPlan(null);
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const succeeded = results?.filter((r) => r.ok).length ?? 0;
  return (
    <section className="card" aria-label="Add numbers">
      <h2 className="card__title">Opt in numbers</h2>
      <p className="card__lead">Only opt in customers who agreed to hear from you on WhatsApp. Nothing is sent until you confirm the summary.</p>
      <NumberSourcePicker kinds={['one', 'list', 'csv']} onChange={(s) => (setSource(s), setPlan(null))} idPrefix="optin" />
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={() => void check()} disabled={busy !== null}>
          {busy === 'checking' ? 'Checking…' : 'Check numbers'}
        </button>
      </div>
      {error ? (
        <Notice tone="error">{error}</Notice>
      ) : null}
      {sourceCheck.errors['source'] ? <Notice tone="error">{sourceCheck.errors['source'].join(' ')}</Notice> : null}
      {plan ? (
        <div className="plan" role="region" aria-label="Opt-in summary">
          <ul className="plan__totals">
            <li>
              <strong>{plan.valid.length}</strong> ready to opt in
            </li>
            <li>
              <strong>{plan.invalid.length}</strong> not valid
            </li>
            <li>
              <strong>{plan.duplicates.length}</strong> {noun(plan.duplicates.length, 'duplicate')}
            </li>
            <li>
              <strong>{plan.alreadyOptedIn.length}</strong> already opted in
            </li>
          </ul>
          <RowSummary
            title="Numbers that cannot be used"
            rows={plan.invalid}
            fileName="numbers-not-used"
            lead={
              plan.invalid.length > SUMMARY_ROWS ? (
                <ul className="row-summary__reasons">
                  {reasonCounts(plan.invalid).slice(0, 4).map((r) => (
                    <li key={r.reason}>
                      <strong>{r.count.toLocaleString()}</strong> {r.reason}
                    </li>
                  ))}
                </ul>
              ) : null
            }
            columns={[
              { header: 'Row', cell: (i) => String(i.row) },
              { header: 'Entered', cell: (i) => i.input || '(empty)', mono: true },
              { header: 'Why', cell: (i) => i.reason },
            ]}
          />
          <RowSummary
            title="Duplicates skipped"
            rows={plan.duplicates}
            fileName="duplicates-skipped"
            columns={[
              { header: 'Row', cell: (d) => String(d.row) },
              { header: 'Entered', cell: (d) => d.input, mono: true },
              { header: 'Same number as row', cell: (d) => String(d.firstRow) },
            ]}
          />
          <RowSummary
            title="Already opted in"
            rows={plan.alreadyOptedIn}
            fileName="already-opted-in"
            columns={[
              { header: 'Row', cell: (a) => String(a.row) },
              { header: 'Number', cell: (a) => `+${a.number}`, mono: true },
              { header: 'Name', cell: (a) => a.name },
            ]}
          />
          <div className="form-actions">
            <button type="button" className="button button--primary" onClick={() => void submit()} disabled={busy !== null || plan.valid.length === 0}>
              {busy === 'sending' ? 'Opting in…' : `Opt in ${plural(plan.valid.length, 'number')}`}
            </button>
          </div>
        </div>
      ) : null}
      {results ? (
        <div className="plan" role="region" aria-label="Opt-in results">
          <p role="status">
            {succeeded} of {plural(results.length, 'number')} opted in.
          </p>
          <table className="table" aria-label="SMSGlobal's answer per number">
            <thead>
              <tr>
                <th>Number</th>
                <th>Name</th>
                <th>Result</th>
                <th>On WhatsApp</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.number} className={r.blacklist ? 'is-blacklisted' : ''}>
                  <td className="mono">
                    <UserText text={`+${r.number}`} />
                  </td>
                  <td>
                    <UserText text={r.name} />
                  </td>
                  <td>{r.ok ? <span className="badge badge--ok">Opted in</span> : <span className="badge badge--danger">{r.error}</span>}</td>
                  <td>{r.capable === null ? '—' : r.capable ? 'Yes' : 'No'}{r.blacklist ? ' · blacklisted' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
