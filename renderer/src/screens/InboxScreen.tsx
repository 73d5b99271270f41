import type { ReactElement } from 'react';
import { EmptyState } from '../components/EmptyState';
import { FirstRun } from '../components/FirstRun';
import { SyncBar } from '../components/SyncBar';
import { hasAccount, useAccount } from '../stores/account';
import { useNavigation } from '../stores/navigation';
import { ConversationList } from './inbox/ConversationList';
import { ThreadView } from './inbox/ThreadView';
import { ReplyBox } from './inbox/ReplyBox';

export function InboxScreen(): ReactElement {
  const status = useAccount((s) => s.status);
  const target = useNavigation((s) => s.conversation);
  const openConversation = useNavigation((s) => s.openConversation);
  if (!hasAccount(status)) {
    return (
      <div className="screen">
        <header className="screen-header">
          <div>
            <h1 className="screen-header__title">Inbox</h1>
            <p className="screen-header__subtitle">Every conversation with your customers, stored on this computer.</p>
          </div>
        </header>
        <FirstRun icon="inbox" title="Your conversations will appear here">
          <p>
            Once your SMSGlobal account is connected, every WhatsApp message you have sent or received is downloaded to
            this computer, so you can read and search years of history — even offline.
          </p>
        </FirstRun>
      </div>
    );
  }
  return (
    <div className="screen screen--flush">
      <div className="inbox">
        <div className="inbox__side">
          <header className="inbox__header">
            <h1 className="screen-header__title">Inbox</h1>
          </header>
          <SyncBar />
          <ConversationList selected={target?.contact ?? null} onOpen={(contact) => openConversation({ contact })} />
        </div>
        <div className="inbox__main">
          {target ? (
            <ThreadView key={`${target.contact}|${target.around ?? ''}`} contact={target.contact} around={target.around}>
              <ReplyBox contact={target.contact} />
            </ThreadView>
          ) : (
            <EmptyState icon="inbox" title="Choose a conversation">
              <p>Pick a customer on the left to read the whole conversation. Everything here also works offline.</p>
            </EmptyState>
          )}
        </div>
      </div>
    </div>
  );
}
