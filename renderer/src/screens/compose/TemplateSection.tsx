import { useEffect, type ReactElement } from 'react';
import { paramsRefusal, placeholdersOf } from '../../../../shared/template-params';
import type { TemplateEntry } from '../../../../shared/templates';
import { Field } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import type { Draft } from './draft';

/** The library's entry for the name in the draft (exact, as the API sends it), or null. */
export function libraryEntry(entries: readonly TemplateEntry[], draft: Draft): TemplateEntry | null {
  if (draft.type !== 'template') return null;
  const name = draft.templateName.trim();
  return entries.find((t) => t.name === name) ?? null;
}

const categoryLabels = { marketing: 'Marketing', utility: 'Utility', authentication: 'Authentication' } as const;

/**
 * The composer's Template fields: a pick from the library (typing a name still works), then one
 * field per placeholder of a completed entry, or free parameters for a name the library does not
 * describe. A template with a media header or buttons takes no parameters (SMSGlobal's API
 * cannot fill them), which it says instead of showing fields.
 */
export function TemplateSection(props: {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  fieldErrors: (key: string) => string[] | undefined;
  entries: readonly TemplateEntry[];
  entry: TemplateEntry | null;
  preview?: string | undefined;
}): ReactElement {
  const { draft, update, fieldErrors, entries, entry } = props;
  const complete = entry?.complete ? entry : null;
  const refusal = complete ? paramsRefusal(complete) : null;
  const slots = complete && !refusal ? placeholdersOf(complete.body) : null;
  const count = refusal ? 0 : (slots?.length ?? null);

  // A library template takes exactly one value per placeholder: the list follows the entry.
  useEffect(() => {
    if (count !== null && draft.params.length !== count) update({ params: Array.from({ length: count }, (_, i) => draft.params[i] ?? '') });
  }, [count, draft.params, update]);

  const setParam = (i: number, value: string): void => update({ params: draft.params.map((p, j) => (j === i ? value : p)) });
  const listed = entries.some((t) => t.name === draft.templateName.trim());

  return (
    <>
      {entries.length > 0 ? (
        <Field label="From your template library" hint="Or type a name below.">
          {(control) => (
            <select {...control} value={listed ? draft.templateName.trim() : ''} onChange={(e) => update({ templateName: e.target.value })}>
              <option value="">Choose a template…</option>
              {entries.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                  {t.complete ? ` · ${t.language}` : ' (text not added yet)'}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label="Template name" hint="The name of a template approved for your WhatsApp account." errors={fieldErrors('template_name')}>
        {(control) => <input {...control} type="text" spellCheck={false} value={draft.templateName} onChange={(e) => update({ templateName: e.target.value })} />}
      </Field>
      {complete ? (
        <p className="field__hint template-meta">
          {complete.category ? categoryLabels[complete.category] : ''} · {complete.language}
          {complete.mediaHeader ? <span className="badge badge--warn">Media header</span> : null}
          {complete.buttons ? <span className="badge badge--warn">Buttons</span> : null}
        </p>
      ) : null}
      {refusal ? (
        <>
          <Notice tone="warn" label="Parameters not possible">
            {refusal} It is sent as approved, without values.
          </Notice>
          {fieldErrors('params') ? <div className="field__error" role="alert">{fieldErrors('params')?.join(' ')}</div> : null}
        </>
      ) : slots ? (
        <div className="params" role="group" aria-label="Template values">
          {slots.length === 0 ? <p className="field__hint">This template has no placeholders: nothing to fill in.</p> : null}
          {slots.map((n, i) => (
            <Field key={n} label={`Value for {{${n}}}`} errors={fieldErrors(`params.${i}`)}>
              {(control) => <input {...control} type="text" value={draft.params[i] ?? ''} onChange={(e) => setParam(i, e.target.value)} />}
            </Field>
          ))}
          {fieldErrors('params') ? <div className="field__error" role="alert">{fieldErrors('params')?.join(' ')}</div> : null}
          {props.preview !== undefined ? (
            <div className="template-inline-preview" aria-label="Template text">
              <Icon name="template" size={14} /> {props.preview}
            </div>
          ) : null}
        </div>
      ) : (
        <div className="params" role="group" aria-label="Template parameters">
          <div className="field__label">Parameters</div>
          <p className="field__hint">
            {entry
              ? `“${entry.name}” is in your library without its text yet; add it on the Templates screen to get one field per placeholder and a preview.`
              : 'Parameters only work for templates whose content is body text only. They fill {{1}}, {{2}}… in order.'}
          </p>
          {draft.params.map((param, i) => (
            <div className="params__row" key={i}>
              <Field label={`Parameter ${i + 1}`} errors={fieldErrors(`params.${i}`)}>
                {(control) => <input {...control} type="text" value={param} onChange={(e) => setParam(i, e.target.value)} />}
              </Field>
              <button type="button" className="icon-button" aria-label={`Remove parameter ${i + 1}`} onClick={() => update({ params: draft.params.filter((_, j) => j !== i) })}>
                <Icon name="x" />
              </button>
            </div>
          ))}
          <button type="button" className="button button--small" onClick={() => update({ params: [...draft.params, ''] })}>
            Add parameter
          </button>
        </div>
      )}
    </>
  );
}
