import { useState, type FormEvent, type ReactElement } from 'react';
import { LOCAL_NAME_MAX } from '../../../../shared/contacts';
import { AppError } from '../../../../shared/result';
import { api, errorMessage } from '../../api';
import { Field } from '../../components/Field';

/**
 * Names (or renames) a contact on this computer, from the conversation's header. The name wins
 * over the opt-in list's; an empty name removes it. Escape or Cancel leaves without a change.
 */
export function ContactNameEditor(props: { contact: string; current: string | null; onDone: (name?: string | null) => void }): ReactElement {
  const { contact, current, onDone } = props;
  const [name, setName] = useState(current ?? '');
  const [errors, setErrors] = useState<string[] | undefined>(undefined);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    try {
      const renamed = await api.contacts.rename({ contact, name });
      onDone(renamed.name);
    } catch (e) {
      setErrors(e instanceof AppError && e.fields?.['name'] ? e.fields['name'] : [errorMessage(e)]);
      setSaving(false);
    }
  };

  return (
    <form className="name-editor" aria-label="Contact name" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onDone()} noValidate>
      <Field label={`Name for +${contact}`} hint="Kept on this computer. Leave empty to use the name from your opt-in list." errors={errors}>
        {(control) => (
          <input
            {...control}
            type="text"
            dir="auto"
            autoComplete="off"
            maxLength={LOCAL_NAME_MAX + 20}
            value={name}
            // The header's button opened this form to type a name: the field takes the focus.
            autoFocus
            onChange={(e) => {
              setName(e.target.value);
              setErrors(undefined);
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small" disabled={saving}>
          {saving ? 'Saving…' : 'Save name'}
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
