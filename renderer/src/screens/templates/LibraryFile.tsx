import { useState, type ChangeEvent, type ReactElement } from 'react';
import { AppError } from '../../../../shared/result';
import { api, errorMessage } from '../../api';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';

/** Import and export of the library as a JSON file, to move it to another computer. */
export function LibraryFile({ onImported }: { onImported: () => void }): ReactElement {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string; details: string[] } | null>(null);

  const importFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      const { added, updated } = await api.templates.import({ text: await file.text() });
      setResult({ tone: 'ok', text: `Imported ${file.name}: ${added} added, ${updated} updated.`, details: [] });
      onImported();
    } catch (e) {
      const details = e instanceof AppError && e.fields ? Object.values(e.fields).flat() : [];
      setResult({ tone: 'error', text: errorMessage(e), details: details.filter((d) => d !== errorMessage(e)) });
    } finally {
      setBusy(false);
    }
  };

  const exportFile = async (): Promise<void> => {
    setBusy(true);
    setResult(null);
    try {
      const saved = await api.templates.export();
      setResult({ tone: 'ok', text: saved.saved ? `Exported ${saved.rows} templates${saved.location ? ` to ${saved.location}` : ''}.` : 'Export cancelled.', details: [] });
    } catch (e) {
      setResult({ tone: 'error', text: errorMessage(e), details: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="library-file">
      <div className="library-file__actions">
        <label className={`button ${busy ? 'is-disabled' : ''}`}>
          <Icon name="upload" size={16} /> Import…
          <input className="visually-hidden" type="file" accept=".json,application/json" aria-label="Import a template library file" disabled={busy} onChange={(e) => void importFile(e)} />
        </label>
        <button type="button" className="button" disabled={busy} onClick={() => void exportFile()}>
          <Icon name="download" size={16} /> Export
        </button>
      </div>
      {result ? (
        <Notice tone={result.tone} label="Library file">
          {result.text}
          {result.details.length > 0 ? (
            <ul className="library-file__problems" aria-label="Problems in the file">
              {result.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
    </div>
  );
}
