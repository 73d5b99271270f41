import type { ReactElement } from 'react';
import { FirstRun } from '../components/FirstRun';
import { ScreenHeader } from '../components/ScreenHeader';

export function OptInsScreen(): ReactElement {
  return (
    <div className="screen">
      <ScreenHeader title="Opt-ins" subtitle="Customers who agreed to hear from you on WhatsApp." />
      <FirstRun icon="optins" title="No opted-in numbers yet">
        <p>
          WhatsApp only delivers business messages to numbers that opted in. Here you will see them, add new ones one by
          one or from a spreadsheet, and check which numbers can receive WhatsApp messages.
        </p>
      </FirstRun>
    </div>
  );
}
