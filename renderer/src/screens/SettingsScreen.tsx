import { useMemo, useState, type FormEvent, type ReactElement } from 'react';
import { countryOptions, type Settings, type Theme } from '../../../shared/settings';
import { Field } from '../components/Field';
import { ScreenHeader } from '../components/ScreenHeader';
import { formatBytes } from '../format';
import { AccountSection } from './AccountSection';
import { OptOutKeywordsSection } from './OptOutKeywordsSection';
import { SaveRow, useSaver } from './SettingsForm';
import { useSettings } from '../stores/settings';

const themes: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Match the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsScreen(): ReactElement {
  const settings = useSettings((s) => s.settings);
  if (!settings) return <div className="screen" />;
  return (
    <div className="screen screen--scroll">
      <ScreenHeader title="Settings" subtitle="Your account, how the app behaves, and where your data lives." />
      <div className="settings-grid">
        <AccountSection settings={settings} />
        <PreferencesSection settings={settings} />
        <SyncSection settings={settings} />
        <OptOutKeywordsSection settings={settings} />
        <DataSection />
      </div>
    </div>
  );
}

function PreferencesSection({ settings }: { settings: Settings }): ReactElement {
  const [theme, setTheme] = useState<Theme>(settings.theme);
  const [country, setCountry] = useState<string>(settings.defaultCountry);
  const countries = useMemo(() => countryOptions(), []);
  const { errors, saved, saving, save } = useSaver();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void save({ theme, defaultCountry: country as Settings['defaultCountry'] });
  };

  return (
    <form className="card" aria-labelledby="prefs-title" onSubmit={submit} noValidate>
      <h2 className="card__title" id="prefs-title">
        Preferences
      </h2>
      <fieldset className="segmented" aria-describedby="theme-hint">
        <legend className="field__label">Theme</legend>
        {themes.map((option) => (
          <label key={option.value} className={`segmented__option ${theme === option.value ? 'segmented__option--on' : ''}`}>
            <input type="radio" name="theme" value={option.value} checked={theme === option.value} onChange={() => setTheme(option.value)} />
            {option.label}
          </label>
        ))}
      </fieldset>
      <p className="field__hint" id="theme-hint">
        Applies as soon as you save.
      </p>
      <Field label="Default country" hint="Used for phone numbers typed without a country code." errors={errors['defaultCountry']}>
        {(control) => (
          <select {...control} value={country} onChange={(e) => setCountry(e.target.value)}>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
        )}
      </Field>
      <SaveRow saving={saving} saved={saved} errors={errors} label="Save preferences" />
    </form>
  );
}

function SyncSection({ settings }: { settings: Settings }): ReactElement {
  const [interval, setSyncInterval] = useState(String(settings.syncIntervalMinutes));
  const [recheck, setRecheck] = useState(String(settings.statusRecheckDays));
  const { errors, saved, saving, save } = useSaver();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void save({ syncIntervalMinutes: toNumber(interval), statusRecheckDays: toNumber(recheck) });
  };

  return (
    <form className="card" aria-labelledby="sync-title" onSubmit={submit} noValidate>
      <h2 className="card__title" id="sync-title">
        Sync
      </h2>
      <Field label="Sync every (minutes)" hint="0 turns automatic sync off; you can always sync by hand." errors={errors['syncIntervalMinutes']}>
        {(control) => <input {...control} type="number" inputMode="numeric" min={0} max={1440} value={interval} onChange={(e) => setSyncInterval(e.target.value)} />}
      </Field>
      <Field
        label="Re-check delivery status for (days)"
        hint="Each sync re-reads the messages you sent in this many days, to pick up delivered, read and failed."
        errors={errors['statusRecheckDays']}
      >
        {(control) => <input {...control} type="number" inputMode="numeric" min={0} max={90} value={recheck} onChange={(e) => setRecheck(e.target.value)} />}
      </Field>
      <SaveRow saving={saving} saved={saved} errors={errors} label="Save sync settings" />
    </form>
  );
}

function DataSection(): ReactElement {
  const database = useSettings((s) => s.database);
  const appInfo = useSettings((s) => s.appInfo);
  const refresh = useSettings((s) => s.refreshDatabase);
  return (
    <section className="card" aria-labelledby="data-title">
      <h2 className="card__title" id="data-title">
        Data on this computer
      </h2>
      <dl className="facts">
        <dt>Settings database</dt>
        <dd className="mono">{database?.path ?? '—'}</dd>
        <dt>Size</dt>
        <dd>{database ? formatBytes(database.sizeBytes) : '—'}</dd>
        <dt>Message cache</dt>
        <dd className="mono">{database?.cache?.path ?? 'None yet: add an account first'}</dd>
        {database?.cache ? (
          <>
            <dt>Cached messages</dt>
            <dd>
              {database.cache.messages.toLocaleString()} ({formatBytes(database.cache.sizeBytes)})
            </dd>
          </>
        ) : null}
        <dt>Schema version</dt>
        <dd>{database?.schemaVersion ?? '—'}</dd>
        <dt>Journal</dt>
        <dd>{database?.journalMode.toUpperCase() ?? '—'}</dd>
        <dt>App version</dt>
        <dd>{appInfo?.version ?? '—'}</dd>
      </dl>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
    </section>
  );
}

/** An empty box is "no number" (NaN, refused by the schema), not 0. */
function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
