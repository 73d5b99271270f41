import type { ReactElement } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';
import { useNavigation } from '../stores/navigation';

export function BulkScreen(): ReactElement {
  const navigate = useNavigation((s) => s.navigate);
  return (
    <div className="screen">
      <ScreenHeader title="Bulk send" subtitle="Send an approved template to many customers from a CSV file." />
      <EmptyState
        icon="bulk"
        title="Send a template to a list of customers"
        action={
          <button type="button" className="button button--primary" onClick={() => navigate('settings')}>
            Add your API key in Settings
          </button>
        }
      >
        <p>
          Pick a CSV file, map its columns to the number and the template&apos;s parameters, review every row, then send
          at a safe pace. Each recipient gets the message once, and the journal survives restarts.
        </p>
      </EmptyState>
    </div>
  );
}
