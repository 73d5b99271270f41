import { useState, type ReactElement } from 'react';
import type { QueueItem } from '../../../shared/outbox';
import { FirstRun } from '../components/FirstRun';
import { ScreenHeader } from '../components/ScreenHeader';
import { hasAccount, useAccount } from '../stores/account';
import { ComposeForm } from './compose/ComposeForm';
import { QueuePanel } from './compose/QueuePanel';

export function ComposeScreen(): ReactElement {
  const status = useAccount((s) => s.status);
  const [editing, setEditing] = useState<QueueItem | null>(null);
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
      <div className="card">
        <ComposeForm key={editing?.localId ?? 'new'} editing={editing} {...(editing ? { onDone: () => setEditing(null) } : {})} />
      </div>
      <QueuePanel onEdit={setEditing} />
    </div>
  );
}
