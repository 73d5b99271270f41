import { useEffect, useState, type ReactElement } from 'react';
import type { DraftSummary, RowsPage } from '../../../../shared/campaigns';
import type { CallOutput } from '../../../../shared/contract';
import { plural } from '../../../../shared/plural';
import { api, errorMessage } from '../../api';
import { Field } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { formatBytes, formatCount } from '../../format';

type Limits = CallOutput<'campaignDrafts.limits'>;

/** The file's bytes as base64, read by the browser (no copy of the whole file as a JS string of bytes). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('The file could not be read; choose it again.'));
    reader.readAsDataURL(file);
  });
}

const delimiterNames: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };

/** The first rows of the file as main read them: the user sees their columns came out right. */
function Sample({ draft }: { draft: DraftSummary }): ReactElement | null {
  const [page, setPage] = useState<RowsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.campaignDrafts.rows({ draftId: draft.draftId, offset: 0, limit: 5 }).then(
      (p) => live && (setPage(p), setError(null)),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [draft.draftId, draft.sheet]);
  if (error) return <Notice tone="error">{error}</Notice>;
  if (!page) return null;
  return (
    <div className="table-scroll" role="region" aria-label="First rows of the file" tabIndex={0}>
      <table className="table table--sample">
        <caption className="visually-hidden">The first {plural(page.rows.length, 'row')} as the app read them</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            {draft.columns.map((c, i) => (
              <th key={i} scope="col" className={i === draft.phoneColumn ? 'is-number' : undefined}>
                {c || `Column ${i + 1}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr key={r.row}>
              <td>{r.row}</td>
              {draft.columns.map((_, i) => (
                <td key={i} dir="auto">
                  {r.cells[i] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Step 1: the spreadsheet. Main reads and keeps it; the page gets an id and a few rows. */
export function FileStep({ draft, onDraft, onNext }: { draft: DraftSummary | null; onDraft: (draft: DraftSummary | null) => void; onNext: () => void }): ReactElement {
  const [limits, setLimits] = useState<Limits | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.campaignDrafts.limits().then(setLimits, (e: unknown) => setError(errorMessage(e)));
  }, []);

  const run = async (work: () => Promise<DraftSummary | null>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      if (next) onDraft(next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const upload = (file: File | undefined): void => {
    if (!file) return;
    if (limits && file.size > limits.uploadBytes) {
      setError(`The file is ${formatBytes(file.size)}; the largest that can be loaded here is ${formatBytes(limits.uploadBytes)}. Split it into smaller files.`);
      return;
    }
    void run(async () => api.campaignDrafts.upload({ fileName: file.name, base64: await readBase64(file) }));
  };

  return (
    <section className="card" aria-labelledby="campaign-file-title">
      <h2 className="card__title" id="campaign-file-title">
        Your spreadsheet
      </h2>
      <p className="card__lead">
        A .xlsx workbook, or a .csv or .txt file as Excel or Google Sheets save it. The first row holds the column names;
        each other row is one customer.
      </p>
      {limits?.nativeDialog ? (
        <div>
          <button type="button" className="button" disabled={busy} onClick={() => void run(async () => (await api.campaignDrafts.pick()).draft)}>
            <Icon name="upload" size={16} /> {draft ? 'Choose another file…' : 'Choose a file…'}
          </button>
        </div>
      ) : (
        <Field label={draft ? 'Choose another file' : 'Spreadsheet file'} hint={limits ? `Up to ${formatBytes(limits.uploadBytes)} and ${formatCount(limits.rows)} rows.` : undefined} errors={error ? [error] : undefined}>
          {(control) => (
            <input
              {...control}
              type="file"
              accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={busy || limits === null}
              onChange={(e) => {
                upload(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          )}
        </Field>
      )}
      {limits?.nativeDialog && error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {busy ? (
        <p className="loading" role="status">
          <span className="spinner spinner--small" aria-hidden="true" /> Reading the file…
        </p>
      ) : null}
      {draft ? (
        <>
          <dl className="facts" aria-label="File read">
            <dt>File</dt>
            <dd dir="auto">{draft.fileName}</dd>
            <dt>Rows</dt>
            <dd>
              {plural(draft.rowCount, 'customer row')}, {plural(draft.columns.length, 'column')}
            </dd>
            {draft.kind === 'csv' ? (
              <>
                <dt>Read as</dt>
                <dd>
                  {draft.encoding ?? 'Text'}
                  {draft.delimiter ? `, separated by ${delimiterNames[draft.delimiter] ?? draft.delimiter}` : ''}
                </dd>
              </>
            ) : null}
          </dl>
          {draft.sheets.length > 1 ? (
            <Field label="Sheet" hint="The workbook has several sheets; the first is read unless you choose another.">
              {(control) => (
                <select {...control} value={draft.sheet ?? ''} disabled={busy} onChange={(e) => void run(() => api.campaignDrafts.chooseSheet({ draftId: draft.draftId, sheet: e.target.value }))}>
                  {draft.sheets.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Sample draft={draft} />
        </>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={!draft || busy || draft.rowCount === 0} onClick={onNext}>
          Next: template and columns
        </button>
        {draft && draft.rowCount === 0 ? <span className="form-actions__error">This file has no rows under its header.</span> : null}
      </div>
    </section>
  );
}
