import type { ReactElement } from 'react';
import { FirstRun } from '../components/FirstRun';
import { ScreenHeader } from '../components/ScreenHeader';

export function BulkScreen(): ReactElement {
  return (
    <div className="screen">
      <ScreenHeader title="Bulk send" subtitle="Send an approved template to many customers from a CSV file." />
      <FirstRun icon="bulk" title="Send a template to a list of customers">
        <p>
          Pick a CSV file, map its columns to the number and the template&apos;s parameters, review every row, then send
          at a safe pace. Each recipient gets the message once, and the journal survives restarts.
        </p>
      </FirstRun>
    </div>
  );
}
