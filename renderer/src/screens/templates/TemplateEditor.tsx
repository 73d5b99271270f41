import { useState, type FormEvent, type ReactElement } from 'react';
import { AppError, fieldErrorsFromZod } from '../../../../shared/result';
import { paramsRefusal, placeholdersOf } from '../../../../shared/template-params';
import { TEMPLATE_CATEGORIES, TemplateInput, type TemplateEntry } from '../../../../shared/templates';
import { api, errorMessage } from '../../api';
import { Field } from '../../components/Field';
import { MessageBubble } from '../../components/MessageBubble';
import { Notice } from '../../components/Notice';

type Errors = Record<string, string[]>;

interface Form {
  name: string;
  category: string;
  language: string;
  body: string;
  mediaHeader: boolean;
  buttons: boolean;
}

const LANGUAGES = ['en', 'en_US', 'en_GB', 'en_AU', 'es', 'es_MX', 'pt_BR', 'fr', 'de', 'it', 'nl', 'zh_CN', 'zh_HK', 'ar', 'hi', 'id', 'ja', 'ko'];

const formOf = (entry: TemplateEntry | null): Form => ({
  name: entry?.name ?? '',
  category: entry?.category ?? '',
  language: entry?.language ?? '',
  body: entry?.body ?? '',
  mediaHeader: entry?.mediaHeader ?? false,
  buttons: entry?.buttons ?? false,
});

/** Server errors come keyed "template.name"; the form's fields are "name". */
function formErrors(error: unknown): Errors {
  if (!(error instanceof AppError) || !error.fields) return { _: [errorMessage(error)] };
  return Object.fromEntries(Object.entries(error.fields).map(([key, messages]) => [key.replace(/^template\./, ''), messages]));
}

/**
 * Adds or edits one library entry, checked at the fields with the same schema main uses. The
 * preview shows the body as the customer will see it, with its placeholders.
 */
export function TemplateEditor(props: { entry: TemplateEntry | null; onSaved: (name: string) => void; onDeleted: () => void; onCancel: () => void }): ReactElement {
  const { entry } = props;
  const [form, setForm] = useState<Form>(formOf(entry));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const set = (patch: Partial<Form>): void => setForm((f) => ({ ...f, ...patch }));
  const slots = placeholdersOf(form.body);
  const refusal = paramsRefusal(form);
  const title = entry ? (entry.complete ? `Edit ${entry.name}` : `Complete ${entry.name}`) : 'New template';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const parsed = TemplateInput.safeParse(form);
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = await api.templates.save({ ...(entry ? { previousName: entry.name } : {}), template: parsed.data });
      props.onSaved(saved.name);
    } catch (e) {
      setErrors(formErrors(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (): Promise<void> => {
    if (!entry) return;
    setBusy(true);
    try {
      await api.templates.delete({ name: entry.name });
      props.onDeleted();
    } catch (e) {
      setErrors({ _: [errorMessage(e)] });
      setBusy(false);
    }
  };

  return (
    <form className="card template-editor" aria-label={title} onSubmit={(e) => void submit(e)} noValidate>
      <h2 className="card__title">{title}</h2>
      {entry && !entry.complete ? <p className="card__lead">This name was seen in your sent messages. Add its text as approved in WhatsApp Manager.</p> : null}
      <div className="template-editor__grid">
        <div className="stack">
          <Field label="Name" hint="Exactly as approved in WhatsApp Manager: the API sends the name alone." errors={errors['name']}>
            {(control) => <input {...control} type="text" spellCheck={false} autoComplete="off" value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="order_ready" />}
          </Field>
          <div className="form-row">
            <Field label="Category" errors={errors['category']}>
              {(control) => (
                <select {...control} value={form.category} onChange={(e) => set({ category: e.target.value })}>
                  <option value="">Choose…</option>
                  {TEMPLATE_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {c[0]?.toUpperCase()}
                      {c.slice(1)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Language" hint="Its code, e.g. en_US." errors={errors['language']}>
              {(control) => (
                <>
                  <input {...control} type="text" spellCheck={false} autoComplete="off" list="template-languages" value={form.language} onChange={(e) => set({ language: e.target.value })} />
                  <datalist id="template-languages">
                    {LANGUAGES.map((code) => (
                      <option key={code} value={code} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          </div>
          <Field
            label="Body"
            hint={slots.length > 0 ? `Placeholders: ${slots.map((n) => `{{${n}}}`).join(', ')}. The composer shows one field for each.` : 'The text as approved. Write {{1}}, {{2}}… where values go.'}
            errors={errors['body']}
          >
            {(control) => <textarea {...control} rows={6} value={form.body} onChange={(e) => set({ body: e.target.value })} />}
          </Field>
          <fieldset className="template-editor__parts">
            <legend className="field__label">Besides the body</legend>
            <label className="checkbox">
              <input type="checkbox" checked={form.mediaHeader} onChange={(e) => set({ mediaHeader: e.target.checked })} />
              It has a media header (image, video or document)
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={form.buttons} onChange={(e) => set({ buttons: e.target.checked })} />
              It has buttons
            </label>
          </fieldset>
          {refusal ? (
            <Notice tone="warn" label="Parameters not possible">
              {refusal} The composer sends it as approved, without values.
            </Notice>
          ) : null}
          {errors['_'] ? <Notice tone="error">{errors['_'].join(' ')}</Notice> : null}
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save template'}
            </button>
            <button type="button" className="button button--ghost" onClick={props.onCancel}>
              Cancel
            </button>
            {entry && !confirmDelete ? (
              <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)}>
                Delete…
              </button>
            ) : null}
          </div>
          {entry && confirmDelete ? (
            <div className="notice notice--error" role="group" aria-label="Confirm delete">
              <div>
                <p>Delete {entry.name} from the library? Messages already sent keep their name.</p>
                <div className="form-actions">
                  <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()}>
                    Delete {entry.name}
                  </button>
                  <button type="button" className="button button--ghost" onClick={() => setConfirmDelete(false)}>
                    Keep it
                  </button>
                </div>
              </div>
            </div>
          ) : null}
        </div>
        <section className="composer__preview" aria-label="Template preview">
          <div className="composer__preview-title">Preview</div>
          <div className="composer__preview-chat">
            <MessageBubble content={{ type: 'template', template_name: form.name || 'template_name' }} templateBody={form.body || 'The body text appears here.'} direction="out" createdAt={Date.now()} status="pending" />
          </div>
        </section>
      </div>
    </form>
  );
}
