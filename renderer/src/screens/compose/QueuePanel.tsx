import { useEffect, useState, type ReactElement } from 'react';
import { messagePreview } from '../../../../shared/messages';
import type { QueueItem } from '../../../../shared/outbox';
import { api, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useSync } from '../../stores/sync';
import { listTime } from '../../time';
import { UserText } from '../../components/UserText';
import { showHiddenCharacters } from '../../../../shared/visible-text';

const stateLabels: Record<QueueItem['state'], string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  unknown: 'Checking if it arrived',
  attention: 'Needs your decision',
  sent: 'Sent',
  arrived: 'Arrived',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const badges: Partial<Record<QueueItem['state'], string>> = { failed: 'badge--danger', unknown: 'badge--warn', attention: 'badge--warn' };

/** True while a queued message can still be changed (the editor closes once it cannot). */
export const editable = (item: QueueItem): boolean => item.state === 'queued' || item.state === 'failed';

/**
 * Messages that have not gone out yet (or failed): edit, cancel or retry them. A message whose
 * outcome stayed unknown asks the user: send it again (after a warning that the customer may get
 * it twice), or mark it as arrived. `onItems` hears every new reading of the queue.
 */
export function QueuePanel({ onEdit, onItems }: { onEdit: (item: QueueItem) => void; onItems?: (items: readonly QueueItem[]) => void }): ReactElement | null {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<QueueItem | null>(null);
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
      <p className="card__lead">
        These leave in this order as soon as SMSGlobal can be reached. Until then you can change or cancel them. A message marked “Needs your decision” holds back
        later messages to the same number until you decide.
      </p>
      {error ? (
        <p className="form-actions__error" role="alert">
          {error}
        </p>
      ) : null}
      <ul className="queue__list">
        {items.map((item) => (
          <li key={item.localId} className="queue__item" aria-label={`To ${showHiddenCharacters(`+${item.recipient}`)}: ${messagePreview(item.message)}`}>
            <div className="queue__main">
              <div className="queue__top">
                <strong>
                  <UserText text={`+${item.recipient}`} />
                </strong>
                <span className={`badge ${badges[item.state] ?? 'badge--info'}`}>{stateLabels[item.state]}</span>
                <span className="queue__time">{listTime(item.createdAt)}</span>
              </div>
              <div className="queue__preview" dir="auto">
                {messagePreview(item.message)}
              </div>
              {item.lastError ? <div className={item.state === 'failed' ? 'queue__error' : 'queue__reason'}>{item.lastError}</div> : null}
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
              {item.state === 'attention' ? (
                <>
                  <button type="button" className="button button--small" onClick={() => void act(() => api.outbox.resolve({ localId: item.localId, decision: 'arrived' }))}>
                    It arrived
                  </button>
                  <button type="button" className="button button--small button--danger" onClick={() => setConfirming(item)}>
                    Send again…
                  </button>
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {confirming ? (
        <ConfirmDialog
          title="Send this message again?"
          confirmLabel="Send again"
          cancelLabel="Don’t send"
          danger
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const { localId } = confirming;
            setConfirming(null);
            void act(() => api.outbox.resolve({ localId, decision: 'send-again' }));
          }}
        >
          <p>
            The app could not find out whether this message to +{confirming.recipient} reached SMSGlobal
            {confirming.attemptedAt ? ` when it was sent at ${listTime(confirming.attemptedAt)}` : ''}.
          </p>
          <p>
            <strong>If it did, the customer will get it twice.</strong> If you know it arrived (for example, the customer answered it), choose “It arrived” instead.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
