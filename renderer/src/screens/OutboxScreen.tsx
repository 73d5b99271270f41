import type { ReactElement } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';
import { useNavigation } from '../stores/navigation';

export function OutboxScreen(): ReactElement {
  const navigate = useNavigation((s) => s.navigate);
  return (
    <div className="screen">
      <ScreenHeader title="Outbox" subtitle="Messages you have sent, with their delivery status." />
      <EmptyState
        icon="outbox"
        title="No messages sent yet"
        action={
          <button type="button" className="button button--primary" onClick={() => navigate('settings')}>
            Add your API key in Settings
          </button>
        }
      >
        <p>
          Each message you send appears here as soon as you press Send — queued, sent, delivered, read or failed — with
          every detail SMSGlobal reports for it.
        </p>
      </EmptyState>
    </div>
  );
}
