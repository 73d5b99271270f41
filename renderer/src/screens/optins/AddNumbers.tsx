import { useState, type ReactElement } from 'react';
import type { NumberSource, OptInOutcome, OptInPlan } from '../../../../shared/optins';
import { api, errorMessage } from '../../api';
import { NumberSourcePicker } from './NumberSourcePicker';
import { Notice } from '../../components/Notice';
import { UserText } from '../../components/UserText';
import { noun, plural } from '../../../../shared/plural';

/** Opt in one number, a pasted list or a CSV file: check, review the summary, then send. */
export function AddNumbers({ onDone }: { onDone: () => void }): ReactElement {
  const [source, setSource] = useState<NumberSource | null>(null);
  const [plan, setPlan] = useState<OptInPlan | null>(null);
  const [results, setResults] = useState<OptInOutcome[] | null>(null);
  const [busy, setBusy] = useState<'checking' | 'sending' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const check = async (): Promise<void> => {
    if (!source) {
      setError('Add at least one number first.');
      return;
    }
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
          {plan.invalid.length > 0 ? (
            <details open>
              <summary>Numbers that cannot be used</summary>
              <table className="table" aria-label="Numbers that cannot be used">
                <thead>
                  <tr>
                    <th>Row</th>
                    <th>Entered</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.invalid.map((i) => (
                    <tr key={i.row}>
                      <td>{i.row}</td>
                      <td className="mono">{i.input || '(empty)'}</td>
                      <td>{i.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : null}
          {plan.duplicates.length > 0 ? (
            <p className="field__hint">
              Duplicates skipped: {plan.duplicates.map((d) => `row ${d.row} (same as row ${d.firstRow})`).join(', ')}.
            </p>
          ) : null}
          {plan.alreadyOptedIn.length > 0 ? <p className="field__hint">Already opted in: {plan.alreadyOptedIn.map((a) => `+${a.number}${a.name ? ` (${a.name})` : ''}`).join(', ')}.</p> : null}
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
