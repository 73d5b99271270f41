import { useEffect, useState, type ReactElement } from 'react';
import { useSync } from '../stores/sync';
import { ago, clockTime } from '../time';
import { Icon } from './Icon';

/** "Last synced …", a progress bar while a sync runs, and why the last one failed. */
export function SyncBar(): ReactElement {
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.error);
  const start = useSync((s) => s.start);
  const cancel = useSync((s) => s.cancel);
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  const running = status?.running ?? false;
  const fetched = status?.progress.reduce((n, p) => n + p.fetched, 0) ?? 0;
  const total = status?.progress.reduce((n, p) => n + p.total, 0) ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((fetched / total) * 100)) : 0;
  const failure = error ?? (status?.phase === 'failed' ? status.lastError?.message : null);
  // Only what the app will really do: a time when a run is scheduled, else the button.
  const next = status?.nextAttemptAt ? `The app will sync again by itself at ${clockTime(status.nextAttemptAt)}.` : 'Press Sync now to try again.';

  return (
    <div className="sync-bar" role="region" aria-label="Sync">
      <div className="sync-bar__line">
        {running ? (
          <span className="sync-bar__text" role="status">
            <span className="spinner" aria-hidden="true" /> Downloading messages… {fetched.toLocaleString()}
            {total > 0 ? ` of ${total.toLocaleString()}` : ''}
          </span>
        ) : (
          <span className="sync-bar__text" role="status">
            {status?.lastSyncedAt ? `Last synced ${ago(status.lastSyncedAt)}` : 'Not synced yet'}
            {status?.phase === 'cancelled' ? ' · sync cancelled' : ''}
          </span>
        )}
        {running ? (
          <button type="button" className="button button--small" onClick={() => void cancel()}>
            Cancel sync
          </button>
        ) : (
          <button type="button" className="button button--small" onClick={() => void start()}>
            <Icon name="refresh" size={14} /> Sync now
          </button>
        )}
      </div>
      {running ? (
        <div className="progress" role="progressbar" aria-label="Sync progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <div className="progress__bar" style={{ width: `${percent}%` }} />
        </div>
      ) : null}
      {failure && !running ? (
        <div className="sync-bar__error" role="alert">
          <Icon name="alert" size={14} /> {failure} {next} Showing what is already on this computer.
        </div>
      ) : null}
    </div>
  );
}
