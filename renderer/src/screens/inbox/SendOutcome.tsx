import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { QueueItem } from '../../../../shared/outbox';
import { api, errorMessage } from '../../api';
import { Notice } from '../../components/Notice';
import { useSync } from '../../stores/sync';

/**
 * What became of the messages sent from a reply box. SMSGlobal answers after the send was queued,
 * so a refusal (or a wait for the connection) is shown here, where the user is, not only in the
 * Outbox. A message drops out once it has gone or was cancelled.
 */
export function SendOutcome({ localIds, onForget }: { localIds: readonly string[]; onForget: (localId: string) => void }): ReactElement | null {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const version = useSync((s) => s.version);
  const watched = localIds.join(',');
  useEffect(() => {
    if (watched === '') {
      setItems([]);
      return;
    }
    let live = true;
    const ids = new Set(watched.split(','));
    api.outbox.queue().then(
      (queue) => live && setItems(queue.items.filter((item) => ids.has(item.localId))),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [watched, version]);

  const retry = async (localId: string): Promise<void> => {
    setError(null);
    try {
      await api.outbox.retry({ localId });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const troubled = items.filter((item) => item.state === 'failed' || item.lastError);
  // A new refusal is brought into view: the reply box scrolls, and the user is looking at Send.
  const box = useRef<HTMLDivElement>(null);
  const failedCount = troubled.filter((item) => item.state === 'failed').length;
  useEffect(() => {
    if (failedCount > 0) box.current?.scrollIntoView({ block: 'nearest' });
  }, [failedCount]);
  if (troubled.length === 0 && !error) return null;
  return (
    <div className="send-outcome" ref={box}>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {troubled.map((item) =>
        item.state === 'failed' ? (
          <Notice key={item.localId} tone="error" label="Message not sent">
            <strong>Not sent.</strong> {item.lastError ?? 'SMSGlobal refused this message.'}
            <span className="send-outcome__actions">
              <button type="button" className="button button--small" onClick={() => void retry(item.localId)}>
                Try again
              </button>
              <button type="button" className="button button--small button--ghost" onClick={() => onForget(item.localId)}>
                Dismiss
              </button>
            </span>
          </Notice>
        ) : (
          <Notice key={item.localId} tone="warn" label="Message waiting">
            <strong>Waiting to send.</strong> {item.lastError} It goes as soon as SMSGlobal can be reached; you can change or cancel it in Compose.
          </Notice>
        ),
      )}
    </div>
  );
}
