import { useState, type FormEvent, type ReactElement } from 'react';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from '../../../shared/optouts';
import type { Settings } from '../../../shared/settings';
import { Field } from '../components/Field';
import { useSettings } from '../stores/settings';

const toLines = (words: readonly string[]): string => words.join('\n');
const fromLines = (text: string): string[] => text.split(/\r?\n/);

/**
 * Settings → the words that opt a number out or back in when a customer's whole message is one
 * of them. Saving new words finds the opt-outs in the whole history again.
 */
export function OptOutKeywordsSection({ settings }: { settings: Settings }): ReactElement {
  const update = useSettings((s) => s.update);
  const [optOut, setOptOut] = useState(toLines(settings.optOutKeywords));
  const [optIn, setOptIn] = useState(toLines(settings.optInKeywords));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const save = async (patch: Pick<Settings, 'optOutKeywords' | 'optInKeywords'>): Promise<void> => {
    setSaving(true);
    setSaved(false);
    const result = await update(patch);
    setSaving(false);
    setErrors(result);
    setSaved(Object.keys(result).length === 0);
    if (Object.keys(result).length === 0) {
      const next = useSettings.getState().settings;
      if (next) {
        setOptOut(toLines(next.optOutKeywords));
        setOptIn(toLines(next.optInKeywords));
      }
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void save({ optOutKeywords: fromLines(optOut), optInKeywords: fromLines(optIn) });
  };

  return (
    <form className="card" aria-labelledby="keywords-title" onSubmit={submit} noValidate>
      <h2 className="card__title" id="keywords-title">
        Opt-out keywords
      </h2>
      <p className="card__lead">
        When a customer’s whole message is one of these words, the sync opts their number out (or back in). Case, accents and punctuation are ignored; “stop please” does
        not count.
      </p>
      <div className="form-row">
        <Field label="Opt-out words" hint="One per line." errors={errors['optOutKeywords']}>
          {(control) => <textarea {...control} rows={8} spellCheck={false} value={optOut} onChange={(e) => setOptOut(e.target.value)} />}
        </Field>
        <Field label="Opt-in words" hint="One per line." errors={errors['optInKeywords']}>
          {(control) => <textarea {...control} rows={8} spellCheck={false} value={optIn} onChange={(e) => setOptIn(e.target.value)} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save keywords'}
        </button>
        <button type="button" className="button button--ghost" disabled={saving} onClick={() => void save({ optOutKeywords: [...DEFAULT_OPT_OUT_KEYWORDS], optInKeywords: [...DEFAULT_OPT_IN_KEYWORDS] })}>
          Use the standard words
        </button>
        {saved ? (
          <span className="form-actions__status" role="status">
            Saved
          </span>
        ) : null}
        {errors['_'] ? (
          <span className="form-actions__error" role="alert">
            {errors['_'].join(' ')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
