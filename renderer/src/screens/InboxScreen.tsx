import type { ReactElement } from 'react';
import { FirstRun } from '../components/FirstRun';
import { ScreenHeader } from '../components/ScreenHeader';
import { EmptyState } from '../components/EmptyState';
import { hasAccount, useAccount } from '../stores/account';

export function InboxScreen(): ReactElement {
  const status = useAccount((s) => s.status);
  return (
    <div className="screen">
      <ScreenHeader title="Inbox" subtitle="Every conversation with your customers, stored on this computer." />
      {hasAccount(status) ? (
        <EmptyState icon="inbox" title="No conversations yet">
          <p>Messages your customers send and the replies you write will be listed here, newest first.</p>
        </EmptyState>
      ) : (
        <FirstRun icon="inbox" title="Your conversations will appear here">
          <p>
            Once your SMSGlobal account is connected, every WhatsApp message you have sent or received is downloaded to
            this computer, so you can read and search years of history — even offline.
          </p>
        </FirstRun>
      )}
    </div>
  );
}
