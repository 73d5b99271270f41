import type { ReactElement } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';
import { useNavigation } from '../stores/navigation';

export function OptInsScreen(): ReactElement {
  const navigate = useNavigation((s) => s.navigate);
  return (
    <div className="screen">
      <ScreenHeader title="Opt-ins" subtitle="Customers who agreed to hear from you on WhatsApp." />
      <EmptyState
        icon="optins"
        title="No opted-in numbers yet"
        action={
          <button type="button" className="button button--primary" onClick={() => navigate('settings')}>
            Add your API key in Settings
          </button>
        }
      >
        <p>
          WhatsApp only delivers business messages to numbers that opted in. Here you will see them, add new ones one by
          one or from a spreadsheet, and check which numbers can receive WhatsApp messages.
        </p>
      </EmptyState>
    </div>
  );
}
