import { useState, type FormEvent, type ReactElement } from 'react';
import { AppError } from '../../../../shared/result';
import { api, errorMessage } from '../../api';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';

type Errors = Record<string, string[]>;

/**
 * Opts a number out or back in by hand, with a note for the record (the ledger keeps it as
 * evidence). The number is fixed in a conversation, typed on the Opt-ins screen.
 */
export function ManualOptOutForm(props: { number?: string; action: 'out' | 'in'; onDone: () => void; onCancel?: () => void }): ReactElement {
  const [number, setNumber] = useState(props.number ? `+${props.number}` : '');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const out = props.action === 'out';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next: Errors = {};
    if (number.trim() === '') next['number'] = ['Enter a phone number.'];
    if (note.trim() === '') next['note'] = ['Say why, for the record (e.g. “asked by phone on Monday”).'];
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      await api.optouts.set({ number, action: props.action, note });
      props.onDone();
    } catch (e) {
      setErrors(e instanceof AppError && e.fields ? e.fields : { _: [errorMessage(e)] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="optout-form"
      aria-label={out ? 'Opt out a number' : 'Opt a number back in'}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && props.onCancel) props.onCancel();
      }}
      noValidate
    >
      {props.number ? (
        <p className="optout-form__lead">
          {out ? `Opt +${props.number} out: the app warns before any business-initiated message and campaigns skip it.` : `Opt +${props.number} back in: they may get templates and campaigns again.`}
        </p>
      ) : (
        <Field label="Phone number" errors={errors['number']}>
          {(control) => <input {...control} type="tel" autoComplete="off" value={number} onChange={(e) => setNumber(e.target.value)} placeholder="+61 412 345 678" />}
        </Field>
      )}
      <Field label="Note" hint={out ? 'How they asked, for the record: it is kept with the change.' : 'How they agreed again, for the record.'} errors={errors['note']}>
        {(control) => <input {...control} type="text" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoFocus={Boolean(props.number)} />}
      </Field>
      {errors['_'] ? <Notice tone="error">{errors['_'].join(' ')}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className={`button ${out ? 'button--danger' : 'button--primary'}`} disabled={busy}>
          {out ? 'Opt out' : 'Opt back in'}
        </button>
        {props.onCancel ? (
          <button type="button" className="button button--ghost" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
