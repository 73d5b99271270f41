import { useState, type FormEvent, type ReactElement } from 'react';
import { CredentialsInput, type AccountStatus, type ConnectionTestResult } from '../../../shared/account';
import { fieldErrorsFromZod } from '../../../shared/result';
import { ApiBaseUrlSchema, type Settings } from '../../../shared/settings';
import { Field } from '../components/Field';
import { Icon } from '../components/Icon';
import { useAccount } from '../stores/account';
import { useSettings } from '../stores/settings';
import { TimeZoneSelect } from './TimeZoneSelect';
import { Notice } from '../components/Notice';
import { AccountClockNotice } from './AccountClockNotice';

type Errors = Record<string, string[]>;

const connectionLabel: Record<AccountStatus['connection'], string> = {
  unknown: 'Not checked yet',
  checking: 'Checking…',
  connected: 'Connected',
  failed: 'Failed',
  offline: 'Offline',
  trouble: 'SMSGlobal is having trouble',
};

function StorageNotice({ status }: { status: AccountStatus }): ReactElement | null {
  const { kind, detail } = status.secretStorage;
  if (kind === 'keychain' || kind === 'encrypted-file' || status.mode === 'demo') return null;
  const tone = kind === 'memory' ? 'notice--warn' : 'notice--error';
  return (
    <div className={`notice ${tone}`} role="note">
      <Icon name="alert" />
      <div>{detail}</div>
    </div>
  );
}

function TestResult({ result }: { result: ConnectionTestResult | null }): ReactElement | null {
  if (!result) return null;
  return (
    <div className={`notice ${result.ok ? 'notice--ok' : 'notice--error'}`} role="status" aria-label="Connection test result">
      <Icon name={result.ok ? 'check' : 'alert'} />
      <div>{result.message}</div>
    </div>
  );
}

/** Settings → Account: credentials, API address, time zone, the connection, and the demo. */
export function AccountSection({ settings }: { settings: Settings }): ReactElement {
  const status = useAccount((s) => s.status);
  const [editing, setEditing] = useState(false);
  if (!status) return <section className="card" aria-label="Account" />;
  const showForm = status.mode === 'none' || editing || (status.mode === 'real' && status.keyId === null);
  return (
    <section className="card card--wide" aria-labelledby="account-title">
      <h2 className="card__title" id="account-title">
        Account
      </h2>
      {showForm ? (
        <CredentialsForm settings={settings} status={status} onDone={() => setEditing(false)} onCancel={status.mode === 'none' ? null : () => setEditing(false)} />
      ) : (
        <AccountSummary status={status} settings={settings} onReplace={() => setEditing(true)} />
      )}
    </section>
  );
}

/** The account's time zone can change without touching the credentials; like the other preferences, it applies at once. */
function TimeZoneForm({ settings }: { settings: Settings }): ReactElement {
  const update = useSettings((s) => s.update);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const change = async (timeZone: string): Promise<void> => {
    setSaved(false);
    const result = await update({ timeZone });
    setErrors(result);
    setSaved(Object.keys(result).length === 0);
  };
  return (
    <div className="inline-form">
      <TimeZoneSelect value={settings.timeZone} onChange={(zone) => void change(zone)} errors={errors['timeZone']} />
      <span className="form-actions__status" role="status">
        {saved ? 'Saved' : ''}
      </span>
    </div>
  );
}

/** Where the secret is. When the notice below explains it (no keychain), a few words here, so it is said once, not twice. */
function secretPlace(status: AccountStatus): string {
  const { kind, detail } = status.secretStorage;
  if (status.mode === 'demo' || kind === 'keychain' || kind === 'encrypted-file') return detail;
  return kind === 'memory' ? 'Only while the app runs (see below)' : 'Not stored (see below)';
}

function AccountSummary({ status, settings, onReplace }: { status: AccountStatus; settings: Settings; onReplace: () => void }): ReactElement {
  const busy = useAccount((s) => s.busy);
  const error = useAccount((s) => s.error);
  const recheck = useAccount((s) => s.recheck);
  const remove = useAccount((s) => s.remove);
  const stopDemo = useAccount((s) => s.stopDemo);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <dl className="facts">
        <dt>API key</dt>
        <dd>{status.mode === 'demo' ? <span className="badge badge--demo">Demo account</span> : <span className="mono">{status.keyId}</span>}</dd>
        <dt>API address</dt>
        <dd className="mono">
          {status.baseUrl}
          {status.baseUrlFromEnv ? ' (from SMSGLOBAL_API_URL)' : ''}
        </dd>
        <dt>Connection</dt>
        <dd>
          <span className={`badge ${status.connection === 'connected' ? 'badge--ok' : status.connection === 'failed' ? 'badge--danger' : 'badge--warn'}`}>
            {connectionLabel[status.connection]}
          </span>
          {status.checkedAt ? <span className="account__detail"> · checked {new Date(status.checkedAt).toLocaleTimeString()}</span> : null}
        </dd>
        <dt>Secret</dt>
        <dd>{secretPlace(status)}</dd>
      </dl>
      {status.message ? (
        <Notice tone="error">{status.message}</Notice>
      ) : null}
      <StorageNotice status={status} />
      {/* Keyed by the saved zone: a zone saved from the notice below shows here at once. */}
      <TimeZoneForm key={settings.timeZone} settings={settings} />
      <AccountClockNotice settings={settings} />
      {error ? (
        <p className="form-actions__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        {status.mode === 'demo' ? (
          <button type="button" className="button" onClick={() => void stopDemo()} disabled={busy !== null}>
            Leave demo
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={() => void recheck()} disabled={busy !== null}>
              {busy === 'checking' ? 'Checking…' : 'Check connection'}
            </button>
            <button type="button" className="button" onClick={onReplace} disabled={busy !== null}>
              Replace credentials
            </button>
            {confirming ? (
              <>
                <span>Remove this account from the app? The secret leaves the keychain; its messages stay on this computer until you delete them in Data on this computer.</span>
                <button type="button" className="button button--danger" onClick={() => void remove().then(() => setConfirming(false))}>
                  Yes, remove
                </button>
                <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <button type="button" className="button button--danger" onClick={() => setConfirming(true)} disabled={busy !== null}>
                Remove account
              </button>
            )}
          </>
        )}
      </div>
    </>
  );
}

function CredentialsForm(props: { settings: Settings; status: AccountStatus; onDone: () => void; onCancel: (() => void) | null }): ReactElement {
  const { settings, status } = props;
  const busy = useAccount((s) => s.busy);
  const test = useAccount((s) => s.test);
  const save = useAccount((s) => s.save);
  const startDemo = useAccount((s) => s.startDemo);
  const updateSettings = useSettings((s) => s.update);
  const [key, setKey] = useState('');
  const [secret, setSecret] = useState('');
  const [baseUrl, setBaseUrl] = useState(settings.apiBaseUrl);
  const [timeZone, setTimeZone] = useState(settings.timeZone);
  const [acceptWeak, setAcceptWeak] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const needsConsent = status.secretStorage.kind === 'weak-needs-consent';

  /** Checks the form with the shared schemas before anything goes to main. */
  const validate = (): { key: string; secret: string; baseUrl: string } | null => {
    const credentials = CredentialsInput.safeParse({ key, secret });
    const url = ApiBaseUrlSchema.safeParse(baseUrl);
    const next: Errors = credentials.success ? {} : fieldErrorsFromZod(credentials.error);
    if (!url.success) next['baseUrl'] = url.error.issues.map((i) => i.message);
    setErrors(next);
    if (!credentials.success || !url.success) return null;
    return { ...credentials.data, baseUrl: url.data };
  };

  const onTest = async (): Promise<void> => {
    setResult(null);
    const valid = validate();
    if (!valid) return;
    const outcome = await test(valid.key, valid.secret, status.baseUrlFromEnv ? undefined : valid.baseUrl);
    if ('fields' in outcome) setErrors(outcome.fields);
    else setResult(outcome);
  };

  const onSave = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setResult(null);
    const valid = validate();
    if (!valid) return;
    if (needsConsent && !acceptWeak) {
      setErrors({ acceptWeak: ['Tick the box to store the secret with weak protection, or install a keyring first.'] });
      return;
    }
    const settingsErrors = await updateSettings({ apiBaseUrl: valid.baseUrl, timeZone });
    if (Object.keys(settingsErrors).length > 0) {
      setErrors({ ...settingsErrors, ...(settingsErrors['apiBaseUrl'] ? { baseUrl: settingsErrors['apiBaseUrl'] } : {}) });
      return;
    }
    const saveErrors = await save(valid.key, valid.secret, acceptWeak);
    setErrors(saveErrors);
    if (Object.keys(saveErrors).length === 0) {
      // The secret leaves the renderer's memory as soon as main has it.
      setSecret('');
      props.onDone();
    }
  };

  return (
    <form onSubmit={(e) => void onSave(e)} noValidate className="stack">
      <p className="card__lead">
        Create an API key and secret in SMSGlobal&apos;s MXT portal (Settings → API keys). The secret is stored in your
        system keychain, never in the app&apos;s files.
      </p>
      <div className="form-row">
        <Field label="API key" errors={errors['key']}>
          {(control) => <input {...control} type="text" autoComplete="off" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} />}
        </Field>
        <Field label="API secret" errors={errors['secret']}>
          {(control) => <input {...control} type="password" autoComplete="off" spellCheck={false} value={secret} onChange={(e) => setSecret(e.target.value)} />}
        </Field>
      </div>
      <div className="form-row">
        <Field
          label="API address"
          hint={status.baseUrlFromEnv ? 'SMSGLOBAL_API_URL is set and takes precedence.' : 'Leave as is unless SMSGlobal gave you another address.'}
          errors={errors['baseUrl']}
        >
          {(control) => <input {...control} type="url" spellCheck={false} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />}
        </Field>
        <TimeZoneSelect value={timeZone} onChange={setTimeZone} errors={errors['timeZone']} />
      </div>
      {needsConsent ? (
        <div className="notice notice--warn" role="note">
          <Icon name="alert" />
          <div>
            <p>{status.secretStorage.detail}</p>
            <label className="checkbox">
              <input type="checkbox" checked={acceptWeak} onChange={(e) => setAcceptWeak(e.target.checked)} />
              Store the secret with weak protection anyway
            </label>
            {errors['acceptWeak'] ? (
              <div className="field__error" role="alert">
                {errors['acceptWeak'].join(' ')}
              </div>
            ) : null}
          </div>
        </div>
      ) : (
        <StorageNotice status={status} />
      )}
      <TestResult result={result} />
      {errors['_'] ? (
        <Notice tone="error">{errors['_'].join(' ')}</Notice>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void onTest()} disabled={busy !== null}>
          {busy === 'testing' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button button--primary" disabled={busy !== null}>
          {busy === 'saving' ? 'Saving…' : 'Save'}
        </button>
        {props.onCancel ? (
          <button type="button" className="button button--ghost" onClick={props.onCancel}>
            Cancel
          </button>
        ) : (
          <button type="button" className="button button--ghost" onClick={() => void startDemo()} disabled={busy !== null}>
            Try with demo data instead
          </button>
        )}
      </div>
    </form>
  );
}
