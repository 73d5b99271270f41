import { useEffect, useRef, useState, type ReactElement } from 'react';
import { DAILY_CAP_TIERS, MAX_PACE_PER_SECOND, type CampaignEstimate, type CampaignSettings, type CampaignSummary } from '../../../../shared/campaign-runs';
import type { Mapping, VerdictRow } from '../../../../shared/campaigns';
import { noun, plural } from '../../../../shared/plural';
import { api, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { StepActions } from './StepActions';
import { formatCount } from '../../format';
import { useFieldErrors } from '../../hooks/useFieldErrors';
import { duration } from './labels';
import { toSettings, type SendForm } from './send-settings';

/** One ready row's message as it will read, stepping through the ready rows. */
function MessagePreview({ draftId, mapping, skipNotOnOptInList }: { draftId: string; mapping: Mapping; skipNotOnOptInList: boolean }): ReactElement {
  const [index, setIndex] = useState(0);
  const [row, setRow] = useState<VerdictRow | null>(null);
  const [total, setTotal] = useState(1);
  const [error, setError] = useState<string | null>(null);
  // The rows the campaign will send: with the switch on, those not on the opt-in list are not among them.
  const filter = skipNotOnOptInList ? 'sendable' : 'ready';
  useEffect(() => setIndex(0), [filter]);
  useEffect(() => {
    let live = true;
    api.campaignDrafts.verdicts({ draftId, filter, offset: index, limit: 1 }).then(
      (page) => live && (setRow(page.rows[0] ?? null), setTotal(Math.max(1, page.total)), setError(null)),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [draftId, filter, index]);
  return (
    <section className="card" aria-label="Message preview">
      <div className="card__head">
        <h3 className="card__title">The message, row by row</h3>
        <div className="pager">
          <button type="button" className="icon-button" aria-label="Previous recipient" disabled={index === 0} onClick={() => setIndex((i) => Math.max(0, i - 1))}>
            <Icon name="chevronLeft" />
          </button>
          <span aria-live="polite">
            {formatCount(index + 1)} of {formatCount(total)}
          </span>
          <button type="button" className="icon-button" aria-label="Next recipient" disabled={index + 1 >= total} onClick={() => setIndex((i) => Math.min(total - 1, i + 1))}>
            <Icon name="chevronRight" />
          </button>
        </div>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {row ? (
        <>
          <p className="field__hint">
            Row {row.row} · to <span dir="ltr">{row.international ?? row.input}</span>
          </p>
          <div className="campaign-preview" dir="auto" aria-label="Rendered message">
            {row.text ?? (
              <>
                Template <strong>{mapping.template.name}</strong>
                {row.params.length > 0 ? ` with ${row.params.map((p) => `{{${p.placeholder}}} = “${p.value}”`).join(', ')}` : ', no values'}
              </>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}

function TestSend({ draftId }: { draftId: string }): ReactElement {
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; failed: boolean } | null>(null);
  const send = async (): Promise<void> => {
    setBusy(true);
    setResult(null);
    try {
      const sent = await api.campaigns.testSend({ draftId, to });
      setResult({ text: `Test sent to ${sent.recipient}; it shows in the outbox.`, failed: false });
    } catch (e) {
      setResult({ text: errorMessage(e), failed: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="inline-form test-send"
      aria-label="Test send"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Field label="Your own number (optional test)" hint="The first recipient’s message goes to you first, so you can see it on your phone." errors={result?.failed ? [result.text] : undefined}>
        {(control) => <input {...control} type="tel" value={to} onChange={(e) => setTo(e.target.value)} />}
      </Field>
      <button type="submit" className="button" disabled={busy || to.trim() === ''}>
        {busy ? 'Sending…' : 'Send a test'}
      </button>
      {result && !result.failed ? <Notice tone="ok">{result.text}</Notice> : null}
    </form>
  );
}

/** Step 4: what will go, to whom, how fast; a test; then one confirmation. */
export function SendStep(props: {
  draftId: string;
  mapping: Mapping;
  form: SendForm;
  onForm: (form: SendForm) => void;
  timeZone: string;
  skipNotOnOptInList: boolean;
  onBack: () => void;
  onStarted: (campaign: CampaignSummary) => void;
}): ReactElement {
  const { form, onForm, timeZone, draftId } = props;
  const update = (patch: Partial<SendForm>): void => onForm({ ...form, ...patch });
  const [estimate, setEstimate] = useState<CampaignEstimate | null>(null);
  const [estimateError, setEstimateError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<CampaignSettings | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const startingRef = useRef(false);
  const checked = toSettings(form, timeZone, props.skipNotOnOptInList, Date.now());
  const fields = useFieldErrors({ ...form }, () => toSettings(form, timeZone, props.skipNotOnOptInList, Date.now()).errors);
  const settingsKey = checked.settings ? JSON.stringify(checked.settings) : null;

  useEffect(() => {
    if (settingsKey === null) return;
    let live = true;
    const timer = setTimeout(() => {
      api.campaigns.estimate({ draftId, settings: JSON.parse(settingsKey) as CampaignSettings }).then(
        (e) => live && (setEstimate(e), setEstimateError(null)),
        (e: unknown) => live && setEstimateError(errorMessage(e)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [draftId, settingsKey]);

  const review = (): void => {
    const now = toSettings(form, timeZone, props.skipNotOnOptInList, Date.now());
    if (!now.settings) {
      fields.show(now.errors);
      return;
    }
    fields.clear();
    setStartError(null);
    setConfirming(now.settings);
  };

  // One confirmation, once: a second click while main writes the journal does nothing (main also answers the same campaign for the same draft).
  const start = async (settings: CampaignSettings): Promise<void> => {
    if (startingRef.current) return;
    startingRef.current = true;
    setStarting(true);
    try {
      const campaign = await api.campaigns.confirm({ draftId, settings });
      setConfirming(null);
      props.onStarted(campaign);
    } catch (e) {
      setConfirming(null);
      setStartError(errorMessage(e));
    } finally {
      startingRef.current = false;
      setStarting(false);
    }
  };

  const recipients = estimate?.recipients ?? 0;
  return (
    <div className="send-step">
      <MessagePreview draftId={draftId} mapping={props.mapping} skipNotOnOptInList={props.skipNotOnOptInList} />
      <section className="card" aria-label="Recipients">
        <h3 className="card__title">Who gets it</h3>
        {estimateError ? <Notice tone="error">{estimateError}</Notice> : null}
        {estimate ? (
          <>
            <p className="campaign-figure">
              <strong>{formatCount(estimate.recipients)}</strong> {noun(estimate.recipients, 'customer gets', 'customers get')} the message
            </p>
            {estimate.skipped.length > 0 ? (
              <ul className="skipped-list" aria-label="Skipped rows">
                {estimate.skipped.map((s) => (
                  <li key={s.reason}>
                    {formatCount(s.count)} skipped: {s.reason}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="field__hint">No row is skipped.</p>
            )}
            <p>
              Takes about <strong>{duration(estimate.durationMs)}</strong>
              {estimate.days > 1 ? `, over ${plural(estimate.days, 'day')}` : ''} at this pace.
            </p>
          </>
        ) : (
          <p className="loading" role="status">
            <span className="spinner spinner--small" aria-hidden="true" /> Counting…
          </p>
        )}
        <TestSend draftId={draftId} />
      </section>
      <form
        className="card"
        aria-label="Pace and timing"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          review();
        }}
      >
        <h3 className="card__title">Pace and timing</h3>
        <div className="form-row">
          <Field label="Campaign name" errors={fields.errors['name']}>
            {(control) => <input {...control} type="text" maxLength={80} value={form.name} onChange={(e) => update({ name: e.target.value })} />}
          </Field>
          <Field label="Messages per second" hint={`10 is a safe start; WhatsApp allows 80 a second per number by default (at most ${formatCount(MAX_PACE_PER_SECOND)}).`} errors={fields.errors['pace']}>
            {(control) => <input {...control} type="number" inputMode="numeric" min={1} max={MAX_PACE_PER_SECOND} value={form.pace} onChange={(e) => update({ pace: e.target.value })} />}
          </Field>
          <Field label="Daily limit" hint="Your WhatsApp messaging limit: the rest goes the next day." errors={fields.errors['cap']}>
            {(control) => (
              <select {...control} value={form.cap} onChange={(e) => update({ cap: e.target.value })}>
                <option value="">No limit</option>
                {DAILY_CAP_TIERS.map((t) => (
                  <option key={t} value={String(t)}>
                    {formatCount(t)} a day
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={form.quiet} onChange={(e) => update({ quiet: e.target.checked })} /> Quiet hours: send nothing at night ({timeZone})
        </label>
        {form.quiet ? (
          <div className="form-row">
            <Field label="Quiet from" errors={fields.errors['quiet']}>
              {(control) => <input {...control} type="time" value={form.quietStart} onChange={(e) => update({ quietStart: e.target.value })} />}
            </Field>
            <Field label="Quiet until">{(control) => <input {...control} type="time" value={form.quietEnd} onChange={(e) => update({ quietEnd: e.target.value })} />}</Field>
          </div>
        ) : null}
        <fieldset className="segmented">
          <legend className="field__label">Start</legend>
          <label className={`segmented__option ${!form.startLater ? 'segmented__option--on' : ''}`}>
            <input type="radio" name="campaign-start" checked={!form.startLater} onChange={() => update({ startLater: false })} />
            Now
          </label>
          <label className={`segmented__option ${form.startLater ? 'segmented__option--on' : ''}`}>
            <input type="radio" name="campaign-start" checked={form.startLater} onChange={() => update({ startLater: true })} />
            At a set time
          </label>
        </fieldset>
        {form.startLater ? (
          <Field label={`Start at (${timeZone})`} hint="If the app is closed at that time, the campaign waits for you rather than going out late." errors={fields.errors['startAt']}>
            {(control) => <input {...control} type="datetime-local" value={form.startAt} onChange={(e) => update({ startAt: e.target.value })} />}
          </Field>
        ) : null}
        <StepActions error={startError} onBack={props.onBack}>
          <button type="submit" className="button button--primary" disabled={starting || recipients === 0}>
            {form.startLater ? 'Schedule…' : 'Send…'}
          </button>
        </StepActions>
      </form>
      {confirming ? (
        <ConfirmDialog
          title={confirming.startAt ? 'Schedule this campaign?' : 'Start sending now?'}
          confirmLabel={starting ? 'Starting…' : confirming.startAt ? `Schedule for ${formatCount(recipients)}` : `Send to ${formatCount(recipients)}`}
          onCancel={() => (startingRef.current ? undefined : setConfirming(null))}
          onConfirm={() => void start(confirming)}
        >
          <p>
            <strong>{plural(recipients, 'customer')}</strong> will get the template <strong>{props.mapping.template.name}</strong>, at{' '}
            {plural(confirming.pacePerSecond, 'message')} a second
            {confirming.dailyCap ? `, at most ${formatCount(confirming.dailyCap)} a day` : ''}
            {confirming.quietHours ? `, nothing from ${confirming.quietHours.start} to ${confirming.quietHours.end}` : ''}.
          </p>
          <p>Each customer gets it once, even if the app closes half-way. You can pause or cancel at any time.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
