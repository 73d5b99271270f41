import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { countryOptions, Settings as SettingsSchema, type Settings, type SettingsPatch, type Theme } from '../../../shared/settings';
import { plural } from '../../../shared/plural';
import { Field } from '../components/Field';
import { ScreenHeader } from '../components/ScreenHeader';
import { formatBytes } from '../format';
import { AccountSection } from './AccountSection';
import { UnusedCaches } from './settings/UnusedCaches';
import { OptOutKeywordsSection } from './OptOutKeywordsSection';
import { useSettings } from '../stores/settings';
import { useSync } from '../stores/sync';
import { useAccount } from '../stores/account';
import { askBrowserPermission, browserPermission, type BrowserPermission } from '../notifications';
import { computerTimeZone } from '../time';

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

type Errors = Record<string, string[]>;

/**
 * Preferences apply as they change: each field is validated on its own and saved at once (a
 * number when the user leaves its box), with a quiet "Saved". Only the account's credentials
 * keep an explicit Test and Save.
 */
interface AutoSave {
  errors: Errors;
  saved: boolean;
  save: (patch: SettingsPatch) => Promise<boolean>;
  clear: (field: string) => void;
}

function useAutoSave(): AutoSave {
  const update = useSettings((s) => s.update);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  return {
    errors,
    saved,
    async save(patch) {
      setSaved(false);
      const result = await update(patch);
      const fields = Object.keys(patch);
      setErrors((current) => ({ ...Object.fromEntries(Object.entries(current).filter(([key]) => !fields.includes(key) && key !== '_')), ...result }));
      setSaved(Object.keys(result).length === 0);
      return Object.keys(result).length === 0;
    },
    clear(field) {
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== field)));
    },
  };
}

function SavedStatus({ saved, errors }: { saved: boolean; errors: Errors }): ReactElement {
  return (
    <span className="card__status">
      <span className="form-actions__status" role="status">
        {saved ? 'Saved' : ''}
      </span>
      {errors['_'] ? (
        <span className="form-actions__error" role="alert">
          {errors['_'].join(' ')}
        </span>
      ) : null}
    </span>
  );
}

/**
 * A preference shown as chosen the moment it is clicked (the save takes a moment), and kept in
 * step with the stored value when it changes elsewhere.
 */
function useChosen<T>(stored: T): [T, (value: T) => void] {
  const [chosen, setChosen] = useState(stored);
  useEffect(() => setChosen(stored), [stored]);
  return [chosen, setChosen];
}

function PreferencesSection({ settings }: { settings: Settings }): ReactElement {
  const [theme, setTheme] = useChosen<Theme>(settings.theme);
  const [country, setCountry] = useChosen<string>(settings.defaultCountry);
  const countries = useMemo(() => countryOptions(), []);
  const { errors, saved, save } = useAutoSave();

  return (
    <section className="card" aria-labelledby="prefs-title">
      <div className="card__head">
        <h2 className="card__title" id="prefs-title">
          Preferences
        </h2>
        <SavedStatus saved={saved} errors={errors} />
      </div>
      <fieldset className="segmented" aria-describedby="theme-hint">
        <legend className="field__label">Theme</legend>
        {themes.map((option) => (
          <label key={option.value} className={`segmented__option ${theme === option.value ? 'segmented__option--on' : ''}`}>
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => {
                setTheme(option.value);
                void save({ theme: option.value });
              }}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <p className="field__hint" id="theme-hint">
        Changes as soon as you pick one.
      </p>
      <Field label="Default country" hint="Used for phone numbers typed without a country code." errors={errors['defaultCountry']}>
        {(control) => (
          <select
            {...control}
            value={country}
            onChange={(e) => {
              setCountry(e.target.value);
              void save({ defaultCountry: e.target.value });
            }}
          >
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
        )}
      </Field>
      <NotificationSwitch settings={settings} save={save} />
      <p className="field__hint">Times are shown in this computer&apos;s time zone ({computerTimeZone().replaceAll('_', ' ')}).</p>
    </section>
  );
}

/** The off switch for new-message notifications; in a browser it asks for permission when turned on (a click is needed for that). */
function NotificationSwitch({ settings, save }: { settings: Settings; save: (patch: SettingsPatch) => Promise<boolean> }): ReactElement {
  const system = useSettings((s) => s.appInfo?.systemNotifications ?? false);
  const [permission, setPermission] = useState<BrowserPermission>(() => browserPermission());
  const [enabled, setEnabled] = useChosen(settings.notifications);
  const toggle = async (on: boolean): Promise<void> => {
    setEnabled(on);
    if (on && !system) setPermission(await askBrowserPermission());
    await save({ notifications: on });
  };
  const note = !enabled
    ? 'New messages still show as a count on the Inbox.'
    : system
      ? 'While the app is in the background.'
      : permission === 'granted'
        ? 'While this page is in the background.'
        : permission === 'denied'
          ? 'Your browser blocks notifications from this page. Allow them in the site settings; the Inbox count shows new messages meanwhile.'
          : permission === 'unsupported'
            ? 'This browser cannot show notifications; the Inbox count shows new messages.'
            : 'Your browser will ask whether this page may show notifications.';
  return (
    <div className="field">
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => void toggle(e.target.checked)} aria-describedby="notify-hint" />
        Notify me when a customer writes
      </label>
      <p className="field__hint" id="notify-hint">
        {note}
      </p>
    </div>
  );
}

/** A whole-number setting typed in a box: checked as it is typed once it was wrong, saved when the box is left. */
function NumberSetting(props: { field: 'syncIntervalMinutes' | 'statusRecheckDays'; label: string; hint: string; max: number; settings: Settings; saver: AutoSave }): ReactElement {
  const { field, saver } = props;
  const stored = props.settings[field];
  const [text, setText] = useState(String(stored));
  const [local, setLocal] = useState<string[] | undefined>(undefined);
  const check = (value: string): number | null => {
    const parsed = SettingsSchema.shape[field].safeParse(toNumber(value));
    setLocal(parsed.success ? undefined : parsed.error.issues.map((i) => i.message));
    if (!parsed.success) saver.clear(field);
    return parsed.success ? parsed.data : null;
  };
  const commit = (): void => {
    const value = check(text);
    if (value !== null && value !== stored) void saver.save({ [field]: value });
  };
  const shown = local ?? saver.errors[field];
  return (
    <Field label={props.label} hint={props.hint} errors={shown}>
      {(control) => (
        <input
          {...control}
          type="number"
          inputMode="numeric"
          min={0}
          max={props.max}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (shown) check(e.target.value);
          }}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      )}
    </Field>
  );
}

function SyncSection({ settings }: { settings: Settings }): ReactElement {
  const saver = useAutoSave();
  return (
    <section className="card" aria-labelledby="sync-title">
      <div className="card__head">
        <h2 className="card__title" id="sync-title">
          Sync
        </h2>
        <SavedStatus saved={saver.saved} errors={saver.errors} />
      </div>
      <NumberSetting field="syncIntervalMinutes" label="Sync every (minutes)" hint="0 turns automatic sync off; you can always sync by hand." max={1440} settings={settings} saver={saver} />
      <NumberSetting
        field="statusRecheckDays"
        label="Re-check delivery status for (days)"
        hint="Each sync re-reads the messages you sent in this many days, to pick up delivered, read and failed."
        max={90}
        settings={settings}
        saver={saver}
      />
    </section>
  );
}

function DataSection(): ReactElement {
  const database = useSettings((s) => s.database);
  const appInfo = useSettings((s) => s.appInfo);
  const refresh = useSettings((s) => s.refreshDatabase);
  const version = useSync((s) => s.version);
  const account = useAccount((s) => s.status);
  const accountKey = `${account?.mode ?? ''}|${account?.keyId ?? ''}`;
  // The figures follow the cache: read at once when the card opens or the account changes, and a
  // moment after a burst of changes (a sync writes in many batches) settles.
  useEffect(() => {
    void refresh();
  }, [refresh, accountKey]);
  useEffect(() => {
    const timer = setTimeout(() => void refresh(), 1_000);
    return () => clearTimeout(timer);
  }, [refresh, version]);
  const cache = database?.cache ?? null;
  return (
    <section className="card" aria-labelledby="data-title">
      <h2 className="card__title" id="data-title">
        Data on this computer
      </h2>
      <dl className="facts">
        <dt>Folder</dt>
        <dd className="mono">{appInfo?.dataDir ?? '—'}</dd>
        <dt>Messages</dt>
        <dd>{cache ? `${plural(cache.messages, 'message')} (${formatBytes(cache.sizeBytes)})` : 'None yet: they are downloaded once an account is connected.'}</dd>
        <dt>App version</dt>
        <dd>{appInfo?.version ?? '—'}</dd>
      </dl>
      <p className="field__hint">Back up this folder to keep your message history. Your API secret is not in it: it stays in the system keychain.</p>
      <details className="disclosure">
        <summary>Details for support</summary>
        <dl className="facts">
          <dt>Settings file</dt>
          <dd className="mono">{database ? `${database.path} (${formatBytes(database.sizeBytes)})` : '—'}</dd>
          <dt>Message file</dt>
          <dd className="mono">{cache?.path ?? '—'}</dd>
          <dt>Database format</dt>
          <dd>{database ? `version ${database.schemaVersion}, ${database.journalMode.toUpperCase()} journal` : '—'}</dd>
        </dl>
      </details>
      <UnusedCaches />
    </section>
  );
}

/** An empty box is "no number" (NaN, refused by the schema), not 0. */
function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
