import type { ReactElement } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';
import { useNavigation } from '../stores/navigation';

export function InboxScreen(): ReactElement {
  const navigate = useNavigation((s) => s.navigate);
  return (
    <div className="screen">
      <ScreenHeader title="Inbox" subtitle="Every conversation with your customers, stored on this computer." />
      <EmptyState
        icon="inbox"
        title="Your conversations will appear here"
        action={
          <button type="button" className="button button--primary" onClick={() => navigate('settings')}>
            Add your API key in Settings
          </button>
        }
      >
        <p>
          Once your SMSGlobal account is connected, every WhatsApp message you have sent or received is downloaded to
          this computer, so you can read and search years of history — even offline.
        </p>
      </EmptyState>
    </div>
  );
}
