import { useEffect, useState, type ReactElement } from 'react';
import { messagePreview } from '../../../../shared/messages';
import type { QueueItem } from '../../../../shared/outbox';
import { api, errorMessage } from '../../api';
import { useSync } from '../../stores/sync';
import { listTime } from '../../time';

const stateLabels: Record<QueueItem['state'], string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  unknown: 'Checking if it arrived',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** True while a queued message can still be changed (the editor closes once it cannot). */
export const editable = (item: QueueItem): boolean => item.state === 'queued' || item.state === 'failed';

/** Messages that have not gone out yet (or failed): edit, cancel or retry them. `onItems` hears every new reading of the queue. */
export function QueuePanel({ onEdit, onItems }: { onEdit: (item: QueueItem) => void; onItems?: (items: readonly QueueItem[]) => void }): ReactElement | null {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const version = useSync((s) => s.version);
  useEffect(() => {
    api.outbox.queue().then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [version]);
  useEffect(() => onItems?.(items), [items, onItems]);
  const act = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      setError(null);
      await work();
      setItems((await api.outbox.queue()).items);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  if (items.length === 0 && !error) return null;
  return (
    <section className="card queue" aria-label="Waiting to send">
      <h2 className="card__title">Waiting to send</h2>
      <p className="card__lead">These leave in this order as soon as SMSGlobal can be reached. Until then you can change or cancel them.</p>
      {error ? (
        <p className="form-actions__error" role="alert">
          {error}
        </p>
      ) : null}
      <ul className="queue__list">
        {items.map((item) => (
          <li key={item.localId} className="queue__item" aria-label={`To +${item.recipient}: ${messagePreview(item.message)}`}>
            <div className="queue__main">
              <div className="queue__top">
                <strong>+{item.recipient}</strong>
                <span className={`badge ${item.state === 'failed' ? 'badge--danger' : item.state === 'unknown' ? 'badge--warn' : 'badge--info'}`}>{stateLabels[item.state]}</span>
                <span className="queue__time">{listTime(item.createdAt)}</span>
              </div>
              <div className="queue__preview">{messagePreview(item.message)}</div>
              {item.lastError ? <div className="queue__error">{item.lastError}</div> : null}
            </div>
            <div className="queue__actions">
              {editable(item) ? (
                <>
                  <button type="button" className="button button--small" onClick={() => onEdit(item)}>
                    Edit
                  </button>
                  <button type="button" className="button button--small button--danger" onClick={() => void act(() => api.outbox.cancel({ localId: item.localId }))}>
                    Cancel
                  </button>
                </>
              ) : null}
              {item.state === 'failed' ? (
                <button type="button" className="button button--small" onClick={() => void act(() => api.outbox.retry({ localId: item.localId }))}>
                  Retry
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
