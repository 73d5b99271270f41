import { useEffect, useState, type ReactElement } from 'react';
import type { CampaignDetail } from '../../../../shared/campaign-runs';
import type { CallInput } from '../../../../shared/contract';
import { plural } from '../../../../shared/plural';
import { api, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { ScreenHeader } from '../../components/ScreenHeader';
import { formatCount } from '../../format';
import { fullTimeWithZone } from '../../time';
import { useCalmVersion, useCampaigns } from './campaign-store';
import { campaignStateLabels, campaignStateTone, countsLine, duration, exportSentence, isFinished } from './labels';
import { RecipientTable } from './RecipientTable';
import { chartBars, ResultsChart } from './ResultsChart';

type Resolve = CallInput<'campaigns.resolve'>;
type Ask = { kind: 'cancel' } | { kind: 'delete' } | { kind: 'send-again'; rows: Resolve['rows'] };

/** Progress while sending: the bar by state, the pace, the time left. */
function LiveProgress({ c }: { c: CampaignDetail }): ReactElement {
  const sendable = Math.max(1, c.total - c.counts.skipped);
  const done = c.counts.accepted + c.counts.failed + c.counts.attention + c.counts.cancelled;
  const segments = [
    { key: 'accepted', label: 'Sent', value: c.counts.accepted },
    { key: 'failed', label: 'Failed', value: c.counts.failed },
    { key: 'attention', label: 'Needs attention', value: c.counts.attention },
    { key: 'inflight', label: 'Sending or being checked', value: c.counts.sending + c.counts.unknown },
    { key: 'planned', label: 'Not sent yet', value: c.counts.planned },
  ];
  return (
    <section className="card" aria-label="Progress">
      <div className="live-bar" role="progressbar" aria-label="Messages handled" aria-valuemin={0} aria-valuemax={sendable} aria-valuenow={done} aria-valuetext={`${formatCount(done)} of ${formatCount(sendable)}`}>
        {segments.map((s) => (s.value > 0 ? <span key={s.key} className={`live-bar__part live-bar__part--${s.key}`} style={{ width: `${(s.value / sendable) * 100}%` }} /> : null))}
      </div>
      <ul className="live-legend" aria-label="Counts">
        {segments.map((s) => (
          <li key={s.key}>
            <span className={`live-legend__key live-bar__part--${s.key}`} aria-hidden="true" />
            {s.label}: <strong>{formatCount(s.value)}</strong>
          </li>
        ))}
        {c.counts.skipped > 0 ? (
          <li>
            Skipped: <strong>{formatCount(c.counts.skipped)}</strong>
          </li>
        ) : null}
      </ul>
      <p className="live-facts">
        {c.state === 'sending' && c.pace !== null ? <span>Pace: {c.pace.toFixed(1)} a second (set: {c.settings.pacePerSecond})</span> : <span>Set pace: {c.settings.pacePerSecond} a second</span>}
        {c.etaMs !== null ? <span>About {duration(c.etaMs)} left</span> : null}
      </p>
    </section>
  );
}

/** One campaign: live while it sends, its report after; every control acts on main's runner. */
export function CampaignView({ id }: { id: string }): ReactElement {
  const show = useCampaigns((s) => s.show);
  const version = useCalmVersion(500);
  const [detail, setDetail] = useState<CampaignDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const [ask, setAsk] = useState<Ask | null>(null);
  const [bump, setBump] = useState(0);

  useEffect(() => {
    let live = true;
    api.campaigns.get({ id }).then(
      (d) => live && (setDetail(d), setLoadError(null)),
      (e: unknown) => live && setLoadError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [id, version, bump]);

  const act = async (work: () => Promise<string | null>): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await work();
      if (text) setMessage({ text, failed: false });
    } catch (e) {
      setMessage({ text: errorMessage(e), failed: true });
    } finally {
      setBusy(false);
      setBump((n) => n + 1);
    }
  };

  if (!detail) {
    return (
      <div className="screen">
        <ScreenHeader title="Campaign" actions={<BackButton onBack={() => show({ kind: 'list' })} />} />
        {loadError ? (
          <EmptyState icon="alert" tone="error" title="This campaign could not be opened">
            <p>{loadError}</p>
          </EmptyState>
        ) : (
          <p className="loading" role="status">
            <span className="spinner spinner--small" aria-hidden="true" /> Loading the campaign…
          </p>
        )}
      </div>
    );
  }

  const c = detail;
  const finished = isFinished(c.state);
  // Cancelling leaves the planned rows unsent; sends already under way are still settled.
  const unsent = c.counts.planned;
  const resolve = (rows: Resolve['rows'], decision: Resolve['decision']): Promise<void> =>
    act(async () => {
      const { changed } = await api.campaigns.resolve({ id, rows, decision });
      return decision === 'arrived' ? `${plural(changed, 'message')} marked as arrived.` : `${plural(changed, 'message')} will be sent again.`;
    });

  return (
    <div className="screen screen--scroll">
      <ScreenHeader
        title={c.name}
        subtitle={
          <>
            <span className={`badge badge--${campaignStateTone[c.state]}`}>{campaignStateLabels[c.state]}</span> Template {c.templateName} · {c.fileName} · created {fullTimeWithZone(c.createdAt)}
          </>
        }
        actions={<BackButton onBack={() => show({ kind: 'list' })} />}
      />
      {c.notice ? <Notice tone="info" label="Campaign notice">{c.notice}</Notice> : null}
      {c.state === 'paused' && c.pauseReason ? <Notice tone="warn" label="Why it is paused">{c.pauseReason}</Notice> : null}
      {c.state === 'sending' && c.hold ? <Notice tone="info" label="Waiting">{c.hold.message}{c.hold.until ? ` (until ${fullTimeWithZone(c.hold.until)})` : ''}</Notice> : null}
      {c.state === 'waiting' && !c.notice ? <Notice tone="warn" label="Start time passed">Its start time passed while the app was closed. It has not gone out late: start it now, or cancel it.</Notice> : null}
      {c.state === 'scheduled' && c.settings.startAt ? <Notice tone="info">Starts by itself at {fullTimeWithZone(c.settings.startAt)} if the app is open.</Notice> : null}
      {message ? <Notice tone={message.failed ? 'error' : 'ok'}>{message.text}</Notice> : null}
      <div className="campaign-actions" role="group" aria-label="Campaign actions">
        {c.state === 'sending' ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act(async () => (await api.campaigns.pause({ id }), 'Paused. Nothing more goes until you resume.'))}>
            <Icon name="pause" size={16} /> Pause
          </button>
        ) : null}
        {c.state === 'paused' ? (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void act(async () => (await api.campaigns.resume({ id }), 'Resumed.'))}>
            <Icon name="play" size={16} /> Resume
          </button>
        ) : null}
        {c.state === 'scheduled' || c.state === 'waiting' ? (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void act(async () => (await api.campaigns.start({ id }), 'Started.'))}>
            <Icon name="play" size={16} /> Start now
          </button>
        ) : null}
        {!finished ? (
          <button type="button" className="button button--danger" disabled={busy} onClick={() => setAsk({ kind: 'cancel' })}>
            Cancel campaign…
          </button>
        ) : null}
        <button type="button" className="button" disabled={busy} onClick={() => void act(async () => exportSentence(await api.campaigns.exportResults({ id })))}>
          <Icon name="download" size={16} /> Export results
        </button>
        {c.retryable > 0 && finished ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                const child = await api.campaigns.retryFailed({ id });
                show({ kind: 'campaign', id: child.id });
                return null;
              })
            }
          >
            <Icon name="refresh" size={16} /> Retry {plural(c.retryable, 'failed message')}
          </button>
        ) : null}
        {finished ? (
          <button type="button" className="button button--ghost" disabled={busy} onClick={() => setAsk({ kind: 'delete' })}>
            <Icon name="trash" size={16} /> Delete campaign…
          </button>
        ) : null}
      </div>
      {!finished ? <LiveProgress c={c} /> : null}
      <div className="report-grid">
        <section className="card" aria-label="Report">
          <ResultsChart bars={chartBars(c)} total={c.total} />
          <p className="field__hint">{countsLine(c)}. Delivered and read come from SMSGlobal’s status updates after each sync.</p>
        </section>
        <section className="card" aria-label="Failures">
          <h2 className="card__title">Why messages failed</h2>
          {c.failures.length === 0 ? (
            <p className="field__hint">No message has failed.</p>
          ) : (
            <ul className="failure-list">
              {c.failures.map((f) => (
                <li key={`${f.retryable ? 1 : 0}|${f.reason}`}>
                  <strong>{formatCount(f.count)}</strong> {f.reason} <span className={`badge badge--${f.retryable ? 'info' : 'warn'}`}>{f.retryable ? 'Can be retried' : 'Will fail again as is'}</span>
                </li>
              ))}
            </ul>
          )}
          {c.children.length > 0 ? (
            <>
              <h3 className="detail__subtitle">Retry runs</h3>
              <ul className="failure-list">
                {c.children.map((child) => (
                  <li key={child.id}>
                    <button type="button" className="link-button" onClick={() => show({ kind: 'campaign', id: child.id })}>
                      {child.name}
                    </button>{' '}
                    · {fullTimeWithZone(child.createdAt)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {c.parentId ? (
            <button type="button" className="link-button" onClick={() => show({ kind: 'campaign', id: c.parentId ?? '' })}>
              Open the first run
            </button>
          ) : null}
        </section>
      </div>
      {c.counts.attention > 0 ? (
        <section className="card" aria-label="Needs attention">
          <h2 className="card__title">{plural(c.counts.attention, 'message needs', 'messages need')} your decision</h2>
          <p>
            The app could not find out whether these went out. If you send them again, some customers may get the message twice. If you
            know they arrived (the customer answered, say), mark them as arrived.
          </p>
          <div className="form-actions">
            <button type="button" className="button" disabled={busy} onClick={() => setAsk({ kind: 'send-again', rows: 'all' })}>
              Send all again…
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void resolve('all', 'arrived')}>
              Mark all as arrived
            </button>
          </div>
        </section>
      ) : null}
      <RecipientTable campaignId={id} version={version + bump} onResolve={(row, decision) => (decision === 'arrived' ? void resolve([row], 'arrived') : setAsk({ kind: 'send-again', rows: [row] }))} />
      {ask?.kind === 'cancel' ? (
        <ConfirmDialog
          title="Cancel this campaign?"
          confirmLabel="Cancel campaign"
          cancelLabel="Keep it"
          danger
          onCancel={() => setAsk(null)}
          onConfirm={() => {
            setAsk(null);
            void act(async () => `Cancelled. ${plural((await api.campaigns.cancel({ id })).unsent, 'message stays', 'messages stay')} unsent.`);
          }}
        >
          <p>
            {plural(unsent, 'message has', 'messages have')} not gone yet and will stay unsent. What has gone stays sent. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
      {ask?.kind === 'delete' ? (
        <ConfirmDialog
          title="Delete this campaign?"
          confirmLabel="Delete campaign"
          danger
          onCancel={() => setAsk(null)}
          onConfirm={() => {
            setAsk(null);
            void act(async () => {
              await api.campaigns.delete({ id });
              show({ kind: 'list' });
              return null;
            });
          }}
        >
          <p>Its list of recipients and report are deleted. The messages it sent stay in the outbox, the conversations and search.</p>
        </ConfirmDialog>
      ) : null}
      {ask?.kind === 'send-again' ? (
        <ConfirmDialog
          title="Send again? Some customers may get it twice"
          confirmLabel="Send again"
          danger
          onCancel={() => setAsk(null)}
          onConfirm={() => {
            const rows = ask.rows;
            setAsk(null);
            void resolve(rows, 'send-again');
          }}
        >
          <p>
            The app could not prove {ask.rows === 'all' ? 'these messages' : 'this message'} did not arrive. Sending again may give a customer a second copy.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function BackButton({ onBack }: { onBack: () => void }): ReactElement {
  return (
    <button type="button" className="button" onClick={onBack}>
      <Icon name="chevronLeft" size={16} /> All campaigns
    </button>
  );
}
