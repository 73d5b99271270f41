import { useState, type ReactElement, type ReactNode } from 'react';
import { plural } from '../../../../shared/plural';
import { api, errorMessage } from '../../api';
import { Icon } from '../../components/Icon';

/** How many rows a summary shows; the rest are in its CSV. */
export const SUMMARY_ROWS = 5;

export interface SummaryColumn<T> {
  header: string;
  cell: (row: T) => string;
  mono?: boolean;
}

/**
 * A group of rows the user should know about (numbers that cannot be used, duplicates…), however
 * many: counted, the first few shown, and all of them offered as a CSV file. 8,000 pasted copies
 * of one number are one line and a download, not a page 163,000 pixels long.
 */
export function RowSummary<T>(props: { title: string; rows: readonly T[]; columns: SummaryColumn<T>[]; fileName: string; lead?: ReactNode }): ReactElement | null {
  const [saved, setSaved] = useState<{ text: string; failed: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const { rows, columns } = props;
  if (rows.length === 0) return null;
  const download = async (): Promise<void> => {
    setBusy(true);
    setSaved(null);
    try {
      const result = await api.export.table({
        fileName: `${props.fileName}-${new Date().toISOString().slice(0, 10)}`,
        header: columns.map((c) => c.header),
        rows: rows.map((row) => columns.map((c) => c.cell(row))),
      });
      setSaved({ text: result.saved ? `Saved ${plural(result.rows, 'row')}${result.location ? ` to ${result.location}` : ''}.` : 'Download cancelled.', failed: false });
    } catch (e) {
      setSaved({ text: `The list could not be saved: ${errorMessage(e)}`, failed: true });
    } finally {
      setBusy(false);
    }
  };
  const shown = rows.slice(0, SUMMARY_ROWS);
  return (
    <section className="row-summary" aria-label={props.title}>
      <h3 className="row-summary__title">
        {props.title}: {rows.length.toLocaleString()}
      </h3>
      {props.lead}
      <div className="table-scroll">
        <table className="table" aria-label={`${props.title} (first rows)`}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header}>{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, r) => (
              <tr key={r}>
                {columns.map((c) => (
                  <td key={c.header} className={c.mono ? 'mono' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row-summary__foot">
        {rows.length > shown.length ? (
          <span className="field__hint">
            The first {shown.length} of {rows.length.toLocaleString()} are shown.
          </span>
        ) : null}
        <button type="button" className="button button--small" onClick={() => void download()} disabled={busy}>
          <Icon name="download" size={14} /> Download {rows.length === 1 ? 'it' : `all ${rows.length.toLocaleString()}`} as CSV
        </button>
        {saved ? (
          <span className={saved.failed ? 'form-actions__error' : 'field__hint'} role={saved.failed ? 'alert' : 'status'}>
            {saved.text}
          </span>
        ) : null}
      </div>
    </section>
  );
}

/** The distinct reasons among rows, most frequent first ("312 × Excel turned this column…"). */
export function reasonCounts(rows: readonly { reason: string }[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.reason, (counts.get(row.reason) ?? 0) + 1);
  return [...counts.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}
