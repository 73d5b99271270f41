import { useState, type ReactElement } from 'react';
import type { CsvInspectResult, NumberSource } from '../../../../shared/optins';
import { plural } from '../../../../shared/plural';
import { api, errorMessage } from '../../api';
import { Field } from '../../components/Field';

export type SourceKind = 'one' | 'list' | 'csv';

const MAX_FILE = 20 * 1024 * 1024;

/**
 * Where numbers come from: one typed number, a pasted list, or a CSV file with the columns the
 * user picks. Reports a NumberSource (or null while incomplete) to its parent.
 */
export function NumberSourcePicker(props: { kinds: SourceKind[]; onChange: (source: NumberSource | null) => void; idPrefix: string }): ReactElement {
  const [kind, setKind] = useState<SourceKind>(props.kinds[0] ?? 'list');
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  const [list, setList] = useState('');
  const [csv, setCsv] = useState<{ fileName: string; text: string; inspection: CsvInspectResult } | null>(null);
  const [numberColumn, setNumberColumn] = useState(0);
  const [nameColumn, setNameColumn] = useState<number | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const { onChange } = props;

  const emit = (next: { kind?: SourceKind; name?: string; number?: string; list?: string; csv?: typeof csv; numberColumn?: number; nameColumn?: number | null }): void => {
    const k = next.kind ?? kind;
    if (k === 'one') {
      const n = next.number ?? number;
      const nm = next.name ?? name;
      onChange(n.trim() ? { kind: 'list', text: nm.trim() ? `${nm.replace(/[,;\t\n]/g, ' ')}, ${n}` : n } : null);
    } else if (k === 'list') {
      const text = next.list ?? list;
      onChange(text.trim() ? { kind: 'list', text } : null);
    } else {
      const file = next.csv !== undefined ? next.csv : csv;
      const col = next.numberColumn ?? numberColumn;
      const nameCol = next.nameColumn !== undefined ? next.nameColumn : nameColumn;
      onChange(file ? { kind: 'csv', text: file.text, numberColumn: col, ...(nameCol !== null ? { nameColumn: nameCol } : {}) } : null);
    }
  };

  const readFile = async (file: File | undefined): Promise<void> => {
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_FILE) {
      setFileError('The file is larger than 20 MB; split it into smaller files.');
      return;
    }
    try {
      const text = await file.text();
      const inspection = await api.csv.inspect({ text });
      // Guess the columns from their headers; the user can change them.
      const guessNumber = inspection.headers.findIndex((h) => /phone|mobile|number|msisdn|cell|whatsapp/i.test(h));
      const guessName = inspection.headers.findIndex((h, i) => i !== guessNumber && /name|customer|contact|person|client/i.test(h));
      const next = { fileName: file.name, text, inspection };
      setCsv(next);
      setNumberColumn(Math.max(0, guessNumber));
      setNameColumn(guessName >= 0 ? guessName : null);
      emit({ csv: next, numberColumn: Math.max(0, guessNumber), nameColumn: guessName >= 0 ? guessName : null });
    } catch (e) {
      setCsv(null);
      setFileError(errorMessage(e));
      emit({ csv: null });
    }
  };

  const labels: Record<SourceKind, string> = { one: 'One number', list: 'Paste a list', csv: 'CSV file' };
  return (
    <div className="source">
      <fieldset className="segmented">
        <legend className="field__label">Numbers from</legend>
        {props.kinds.map((k) => (
          <label key={k} className={`segmented__option ${kind === k ? 'segmented__option--on' : ''}`}>
            <input
              type="radio"
              name={`${props.idPrefix}-source`}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                emit({ kind: k });
              }}
            />
            {labels[k]}
          </label>
        ))}
      </fieldset>
      {kind === 'one' ? (
        <div className="form-row">
          <Field label="Name (optional)">
            {(control) => (
              <input
                {...control}
                type="text"
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  emit({ name: e.target.value });
                }}
              />
            )}
          </Field>
          <Field label="Phone number">
            {(control) => (
              <input
                {...control}
                type="tel"
                value={number}
                onChange={(e) => {
                  setNumber(e.target.value);
                  emit({ number: e.target.value });
                }}
              />
            )}
          </Field>
        </div>
      ) : null}
      {kind === 'list' ? (
        <Field label="Numbers, one per line" hint="Optionally with a name: “Jane Smith, 0412 345 678”. Numbers without a country code use your default country.">
          {(control) => (
            <textarea
              {...control}
              rows={6}
              value={list}
              onChange={(e) => {
                setList(e.target.value);
                emit({ list: e.target.value });
              }}
            />
          )}
        </Field>
      ) : null}
      {kind === 'csv' ? (
        <div className="stack">
          <Field label="Choose a CSV file" hint="A spreadsheet saved as CSV, with a column of phone numbers." errors={fileError ? [fileError] : undefined}>
            {(control) => <input {...control} type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void readFile(e.target.files?.[0])} />}
          </Field>
          {csv ? (
            <>
              <p className="field__hint">
                {csv.fileName}: {plural(csv.inspection.rowCount, 'row')}.
              </p>
              <div className="form-row">
                <Field label="Number column">
                  {(control) => (
                    <select
                      {...control}
                      value={numberColumn}
                      onChange={(e) => {
                        setNumberColumn(Number(e.target.value));
                        emit({ numberColumn: Number(e.target.value) });
                      }}
                    >
                      {csv.inspection.headers.map((h, i) => (
                        <option key={i} value={i}>
                          {h}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="Name column">
                  {(control) => (
                    <select
                      {...control}
                      value={nameColumn ?? ''}
                      onChange={(e) => {
                        const value = e.target.value === '' ? null : Number(e.target.value);
                        setNameColumn(value);
                        emit({ nameColumn: value });
                      }}
                    >
                      <option value="">No names</option>
                      {csv.inspection.headers.map((h, i) => (
                        <option key={i} value={i}>
                          {h}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <div className="table-scroll" role="region" aria-label="Sample of the file" tabIndex={0}>
              <table className="table table--sample" aria-label="First rows of the file">
                <thead>
                  <tr>
                    {csv.inspection.headers.map((h, i) => (
                      <th key={i} className={i === numberColumn ? 'is-number' : i === nameColumn ? 'is-name' : ''}>
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {csv.inspection.sample.slice(0, 5).map((row, r) => (
                    <tr key={r}>
                      {csv.inspection.headers.map((_, i) => (
                        <td key={i} title={row[i] ?? ''}>
                          {row[i] ?? ''}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
