import type { ReactElement } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';
import { useNavigation } from '../stores/navigation';

export function ComposeScreen(): ReactElement {
  const navigate = useNavigation((s) => s.navigate);
  return (
    <div className="screen">
      <ScreenHeader title="Compose" subtitle="Write a WhatsApp message of any type to one customer." />
      <EmptyState
        icon="compose"
        title="Connect your account to send messages"
        action={
          <button type="button" className="button button--primary" onClick={() => navigate('settings')}>
            Add your API key in Settings
          </button>
        }
      >
        <p>
          Text, templates, images, video, documents, audio, stickers and locations — checked before they leave, and
          queued safely when you are offline.
        </p>
      </EmptyState>
    </div>
  );
}
