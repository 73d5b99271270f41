import { useCallback, useState, type ReactElement } from 'react';
import type { QueueItem } from '../../../shared/outbox';
import { FirstRun } from '../components/FirstRun';
import { ScreenHeader } from '../components/ScreenHeader';
import { hasAccount, useAccount } from '../stores/account';
import { ComposeForm } from './compose/ComposeForm';
import { editable, QueuePanel } from './compose/QueuePanel';
import { Notice } from '../components/Notice';

export function ComposeScreen(): ReactElement {
  const status = useAccount((s) => s.status);
  const [editing, setEditing] = useState<QueueItem | null>(null);
  const [closed, setClosed] = useState<string | null>(null);
  // The message being edited left the queue (cancelled, or it started to go): close its editor.
  const followQueue = useCallback(
    (items: readonly QueueItem[]) => {
      if (!editing) return;
      const now = items.find((item) => item.localId === editing.localId);
      if (now && editable(now)) return;
      setEditing(null);
      setClosed(now ? 'The message you were editing has started to go out, so it can no longer be changed.' : 'The message you were editing is no longer waiting to send (it was cancelled or has gone out).');
    },
    [editing],
  );
  const edit = (item: QueueItem): void => {
    setClosed(null);
    setEditing(item);
  };
  if (!hasAccount(status)) {
    return (
      <div className="screen">
        <ScreenHeader title="Compose" subtitle="Write a WhatsApp message of any type to one customer." />
        <FirstRun icon="compose" title="Connect your account to send messages">
          <p>
            Text, templates, images, video, documents, audio, stickers and locations — checked before they leave, and
            queued safely when you are offline.
          </p>
        </FirstRun>
      </div>
    );
  }
  return (
    <div className="screen screen--scroll">
      <ScreenHeader title="Compose" subtitle="Any WhatsApp message type, checked before it leaves, queued safely when you are offline." />
      {closed ? <Notice tone="info">{closed}</Notice> : null}
      <div className="card">
        <ComposeForm key={editing?.localId ?? 'new'} editing={editing} {...(editing ? { onDone: () => setEditing(null) } : {})} />
      </div>
      <QueuePanel onEdit={edit} onItems={followQueue} />
    </div>
  );
}
