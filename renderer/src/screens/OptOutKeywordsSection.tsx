import { useState, type FormEvent, type ReactElement } from 'react';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from '../../../shared/optouts';
import type { Settings } from '../../../shared/settings';
import { Field } from '../components/Field';
import { useSettings } from '../stores/settings';
import { SaveRow, useSaver } from './SettingsForm';

const toLines = (words: readonly string[]): string => words.join('\n');
const fromLines = (text: string): string[] => text.split(/\r?\n/);

/**
 * Settings → the words that opt a number out or back in when a customer's whole message is one
 * of them. Saving new words finds the opt-outs in the whole history again.
 */
export function OptOutKeywordsSection({ settings }: { settings: Settings }): ReactElement {
  const [optOut, setOptOut] = useState(toLines(settings.optOutKeywords));
  const [optIn, setOptIn] = useState(toLines(settings.optInKeywords));
  const { errors, saved, saving, save } = useSaver();

  /** Saves both lists, then shows them as kept (tidied: blank lines and repeats dropped). */
  const saveLists = async (patch: Pick<Settings, 'optOutKeywords' | 'optInKeywords'>): Promise<void> => {
    if (!(await save(patch))) return;
    const next = useSettings.getState().settings;
    if (next) {
      setOptOut(toLines(next.optOutKeywords));
      setOptIn(toLines(next.optInKeywords));
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void saveLists({ optOutKeywords: fromLines(optOut), optInKeywords: fromLines(optIn) });
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
      <SaveRow saving={saving} saved={saved} errors={errors} label="Save keywords">
        <button type="button" className="button button--ghost" disabled={saving} onClick={() => void saveLists({ optOutKeywords: [...DEFAULT_OPT_OUT_KEYWORDS], optInKeywords: [...DEFAULT_OPT_IN_KEYWORDS] })}>
          Use the standard words
        </button>
      </SaveRow>
    </form>
  );
}
