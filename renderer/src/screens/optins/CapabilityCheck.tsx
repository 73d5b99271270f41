import { useState, type ReactElement } from 'react';
import type { CapabilityRow, NumberSource } from '../../../../shared/optins';
import { api, errorMessage } from '../../api';
import { Icon } from '../../components/Icon';
import { NumberSourcePicker } from './NumberSourcePicker';
import { Notice } from '../../components/Notice';
import { UserText } from '../../components/UserText';
import { plural } from '../../../../shared/plural';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { sourceErrors } from './source-check';

/** Rows shown on screen; the export holds every row. */
const SHOWN_ROWS = 200;

/** Which numbers can receive WhatsApp messages, as a table that can be exported. */
export function CapabilityCheck(): ReactElement {
  const [source, setSource] = useState<NumberSource | null>(null);
  const [rows, setRows] = useState<CapabilityRow[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const sourceCheck = useFieldErrors({ source: source !== null }, () => sourceErrors(source));

  const check = async (): Promise<void> => {
    sourceCheck.show(sourceErrors(source));
    if (!source) return;
    setBusy(true);
    setError(null);
    setExported(null);
    try {
      setRows((await api.capability.check({ source })).rows);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const exportRows = async (): Promise<void> => {
    if (!rows) return;
    try {
      const result = await api.export.table({
        fileName: `capability-${new Date().toISOString().slice(0, 10)}`,
        header: ['Row', 'Entered', 'Number', 'Name', 'Can receive WhatsApp', 'Blacklisted', 'Problem'],
        rows: rows.map((r) => [String(r.row), r.input, r.number ?? '', r.name, r.capable === null ? '' : r.capable ? 'yes' : 'no', r.blacklist === null ? '' : r.blacklist ? 'yes' : 'no', r.error ?? '']),
      });
      setExported(result.saved ? `Exported ${plural(result.rows, 'row')}${result.location ? ` to ${result.location}` : ''}.` : 'Export cancelled.');
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const capable = rows?.filter((r) => r.capable).length ?? 0;
  const blacklisted = rows?.filter((r) => r.blacklist).length ?? 0;
  return (
    <section className="card" aria-label="Capability check">
      <h2 className="card__title">Check capability</h2>
      <p className="card__lead">Find out which numbers can receive WhatsApp messages before you send to them.</p>
      <NumberSourcePicker kinds={['list', 'csv']} onChange={(s) => setSource(s)} idPrefix="capability" />
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={() => void check()} disabled={busy}>
          {busy ? 'Checking…' : 'Check numbers'}
        </button>
        {rows && rows.length > 0 ? (
          <button type="button" className="button" onClick={() => void exportRows()}>
            <Icon name="download" size={16} /> Export CSV
          </button>
        ) : null}
      </div>
      {error ? (
        <Notice tone="error">{error}</Notice>
      ) : null}
      {sourceCheck.errors['source'] ? <Notice tone="error">{sourceCheck.errors['source'].join(' ')}</Notice> : null}
      {exported ? (
        <div className="notice notice--ok" role="status">
          {exported}
        </div>
      ) : null}
      {rows ? (
        <>
          <p role="status">
            {capable} of {rows.length} can receive WhatsApp messages{blacklisted > 0 ? `; ${blacklisted} blacklisted` : ''}.
          </p>
          {rows.length > SHOWN_ROWS ? (
            <p className="field__hint">
              The first {SHOWN_ROWS} of {rows.length.toLocaleString()} rows are shown; Export CSV saves them all.
            </p>
          ) : null}
          <div className="table-scroll">
          <table className="table" aria-label="Capability results">
            <thead>
              <tr>
                <th>Row</th>
                <th>Number</th>
                <th>Name</th>
                <th>WhatsApp</th>
                <th>Blacklisted</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, SHOWN_ROWS).map((r) => (
                <tr key={`${r.row}-${r.input}`} className={r.blacklist ? 'is-blacklisted' : ''}>
                  <td>{r.row}</td>
                  <td className="mono">
                    <UserText text={r.number ? `+${r.number}` : r.input} />
                  </td>
                  <td>
                    <UserText text={r.name} />
                  </td>
                  <td>{r.error ? <span className="badge badge--danger">{r.error}</span> : r.capable ? <span className="badge badge--ok">Yes</span> : <span className="badge">No</span>}</td>
                  <td>{r.blacklist ? <span className="badge badge--danger">Blacklisted</span> : r.blacklist === false ? 'No' : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
