import type { ReactElement } from 'react';
import { FirstRun } from '../components/FirstRun';
import { ScreenHeader } from '../components/ScreenHeader';

export function OutboxScreen(): ReactElement {
  return (
    <div className="screen">
      <ScreenHeader title="Outbox" subtitle="Messages you have sent, with their delivery status." />
      <FirstRun icon="outbox" title="No messages sent yet">
        <p>
          Each message you send appears here as soon as you press Send — queued, sent, delivered, read or failed — with
          every detail SMSGlobal reports for it.
        </p>
      </FirstRun>
    </div>
  );
}
