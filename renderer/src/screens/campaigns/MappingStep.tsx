import { useState, type ReactElement } from 'react';
import type { DraftSummary, Mapping, MappingInput, ParamSource } from '../../../../shared/campaigns';
import { paramsRefusal, placeholdersOf } from '../../../../shared/template-params';
import { AppError } from '../../../../shared/result';
import { api, errorMessage } from '../../api';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { StepActions } from './StepActions';
import { useFieldErrors, type FieldErrors } from '../../hooks/useFieldErrors';
import { useTemplateLibrary } from '../../hooks/useTemplateLibrary';

/** What the user has chosen so far; kept by the wizard so Back does not lose it. */
export interface MappingChoice {
  /** A library entry's name, or '' to type one. */
  library: string;
  name: string;
  paramCount: string;
  phoneColumn: number;
  /** Per placeholder number: '' (not chosen), 'text', or a column index as text. */
  sources: Record<number, string>;
  texts: Record<number, string>;
}

export function initialChoice(draft: DraftSummary): MappingChoice {
  return { library: '', name: '', paramCount: '', phoneColumn: draft.phoneColumn ?? -1, sources: {}, texts: {} };
}

/** The library entry's body when it can fill parameters; null for a typed name. */
function templateOf(choice: MappingChoice, entries: ReturnType<typeof useTemplateLibrary>['entries']): { name: string; body: string | null; language: string | null; refusal: string | null } {
  const entry = choice.library ? entries.find((t) => t.name === choice.library && t.complete) : undefined;
  if (!entry) return { name: choice.name.trim(), body: null, language: null, refusal: null };
  const refusal = paramsRefusal(entry);
  return { name: entry.name, body: refusal ? null : entry.body, language: entry.language, refusal };
}

function placeholdersFor(choice: MappingChoice, body: string | null, refusal: string | null): number[] {
  if (refusal) return [];
  if (body !== null) return placeholdersOf(body);
  const count = Number(choice.paramCount);
  return Number.isInteger(count) && count > 0 && count <= 99 ? Array.from({ length: count }, (_, i) => i + 1) : [];
}

/** Main's per-field answer in the form's keys (`params.2.source` is the third placeholder's field). */
function formErrors(fields: Record<string, string[]>, placeholders: readonly number[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(fields)) {
    const param = /^params\.(\d+)/.exec(key);
    const target = param ? `placeholder.${placeholders[Number(param[1])] ?? 0}` : key.replace(/^placeholders\./, 'placeholder.');
    (out[target] ??= []).push(...messages);
  }
  return out;
}

/** Step 2: the template, and where each {{n}} and the phone number come from. */
export function MappingStep(props: {
  draft: DraftSummary;
  choice: MappingChoice;
  onChoice: (choice: MappingChoice) => void;
  onBack: () => void;
  onMapped: (mapping: Mapping) => void;
}): ReactElement {
  const { draft, choice, onChoice } = props;
  const library = useTemplateLibrary();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const template = templateOf(choice, library.entries);
  const placeholders = placeholdersFor(choice, template.body, template.refusal);
  const update = (patch: Partial<MappingChoice>): void => onChoice({ ...choice, ...patch });

  const validate = (): FieldErrors => {
    const errors: FieldErrors = {};
    if (!choice.library && !/^[a-z0-9_]+$/.test(choice.name.trim())) errors['template.name'] = [choice.name.trim() ? 'Template names have only lowercase letters, digits and underscores, like order_update.' : 'Choose a template from the library or type its name.'];
    if (!choice.library && template.body === null) {
      const n = Number(choice.paramCount);
      if (choice.paramCount.trim() === '' || !Number.isInteger(n) || n < 0 || n > 99) errors['template.paramCount'] = ['Enter how many blanks ({{1}}, {{2}}…) the template has: 0 to 99.'];
    }
    if (choice.phoneColumn < 0) errors['phoneColumn'] = ['Choose the column with the phone numbers.'];
    for (const n of placeholders) {
      const source = choice.sources[n] ?? '';
      if (source === '') errors[`placeholder.${n}`] = [`Choose a column or type a text for {{${n}}}.`];
      else if (source === 'text' && (choice.texts[n] ?? '').trim() === '') errors[`placeholder.${n}`] = [`Type the text for {{${n}}}.`];
    }
    return errors;
  };
  const values: Record<string, unknown> = { 'template.name': choice.name, 'template.paramCount': choice.paramCount, phoneColumn: choice.phoneColumn };
  for (const n of placeholders) values[`placeholder.${n}`] = `${choice.sources[n] ?? ''}|${choice.texts[n] ?? ''}`;
  const fields = useFieldErrors(values, validate);

  const submit = async (): Promise<void> => {
    setError(null);
    const local = validate();
    if (Object.keys(local).length > 0) {
      fields.show(local);
      return;
    }
    fields.clear();
    const params = placeholders.map((n): MappingInput['params'][number] => {
      const source = choice.sources[n] ?? '';
      const value: ParamSource = source === 'text' ? { kind: 'text', text: choice.texts[n] ?? '' } : { kind: 'column', column: Number(source) };
      return { placeholder: n, source: value };
    });
    const input: MappingInput = {
      draftId: draft.draftId,
      template: {
        name: template.name,
        ...(template.body !== null ? { body: template.body } : { paramCount: placeholders.length }),
        ...(template.language ? { language: template.language } : {}),
      },
      phoneColumn: choice.phoneColumn,
      params,
    };
    setBusy(true);
    try {
      props.onMapped(await api.campaignDrafts.setMapping(input));
    } catch (e) {
      if (e instanceof AppError && e.fields) fields.show(formErrors(e.fields, placeholders));
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const usable = library.entries.filter((t) => t.complete);
  const columnName = (i: number): string => draft.columns[i] || `Column ${i + 1}`;
  return (
    <form
      className="card"
      aria-label="Template and columns"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 className="card__title">Template and columns</h2>
      {library.error ? <Notice tone="warn">Your template library could not be read ({library.error}); type the template’s name instead.</Notice> : null}
      <div className="form-row">
        <Field label="Template from your library" hint={usable.length === 0 ? 'Your library has no template with its text yet; add one on the Templates screen, or type a name.' : 'Its text shows how each message will read.'}>
          {(control) => (
            <select {...control} value={choice.library} onChange={(e) => update({ library: e.target.value, sources: {}, texts: {} })}>
              <option value="">Type a name instead…</option>
              {usable.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name} · {t.language}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!choice.library ? (
          <>
            <Field label="Template name" hint="Exactly as approved in WhatsApp Manager." errors={fields.errors['template.name']}>
              {(control) => <input {...control} type="text" spellCheck={false} value={choice.name} onChange={(e) => update({ name: e.target.value })} />}
            </Field>
            <Field label="Number of blanks" hint="How many {{1}}, {{2}}… it has." errors={fields.errors['template.paramCount']}>
              {(control) => <input {...control} type="number" inputMode="numeric" min={0} max={99} value={choice.paramCount} onChange={(e) => update({ paramCount: e.target.value })} />}
            </Field>
          </>
        ) : null}
      </div>
      {template.body !== null ? (
        <div className="template-inline-preview" aria-label="Template text">
          {template.body}
        </div>
      ) : null}
      {template.refusal ? <Notice tone="warn" label="No blanks to fill">{template.refusal} It goes out as approved, without values.</Notice> : null}
      <Field label="Phone number column" hint={draft.phoneColumn !== null ? 'Guessed from the column names; change it if it is wrong.' : 'No column looked like phone numbers; choose it.'} errors={fields.errors['phoneColumn']}>
        {(control) => (
          <select {...control} value={choice.phoneColumn} onChange={(e) => update({ phoneColumn: Number(e.target.value) })}>
            <option value={-1}>Choose a column…</option>
            {draft.columns.map((_, i) => (
              <option key={i} value={i}>
                {columnName(i)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {placeholders.length > 0 ? (
        <fieldset className="mapping" aria-describedby="mapping-hint">
          <legend className="field__label">What fills each blank</legend>
          <p className="field__hint" id="mapping-hint">
            A column gives each customer their own value; a fixed text is the same for everyone.
          </p>
          {placeholders.map((n) => {
            const source = choice.sources[n] ?? '';
            const errors = fields.errors[`placeholder.${n}`];
            return (
              <div className="mapping__row" key={n}>
                <Field label={`{{${n}}} comes from`} errors={source === 'text' ? undefined : errors}>
                  {(control) => (
                    <select {...control} value={source} onChange={(e) => update({ sources: { ...choice.sources, [n]: e.target.value } })}>
                      <option value="">Choose…</option>
                      {draft.columns.map((_, i) => (
                        <option key={i} value={String(i)}>
                          Column: {columnName(i)}
                        </option>
                      ))}
                      <option value="text">A fixed text…</option>
                    </select>
                  )}
                </Field>
                {source === 'text' ? (
                  <Field label={`Text for {{${n}}}`} errors={errors}>
                    {(control) => <input {...control} type="text" value={choice.texts[n] ?? ''} onChange={(e) => update({ texts: { ...choice.texts, [n]: e.target.value } })} />}
                  </Field>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : null}
      <StepActions error={error} onBack={props.onBack}>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Next: check every row'}
        </button>
      </StepActions>
    </form>
  );
}
