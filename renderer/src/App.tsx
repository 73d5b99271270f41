import { useEffect, type ReactElement } from 'react';
import { DemoBanner } from './components/DemoBanner';
import { EmptyState } from './components/EmptyState';
import { Sidebar } from './components/Sidebar';
import { subscribeAccountEvents, useAccount } from './stores/account';
import { subscribeSyncEvents, useSync } from './stores/sync';
import { useNavigation, type Screen } from './stores/navigation';
import { subscribeSettingsEvents, useSettings } from './stores/settings';
import { useTheme } from './theme';
import { subscribeUnreadEvents } from './stores/unread';
import { subscribeBrowserNotifications } from './notifications';
import { BulkScreen } from './screens/BulkScreen';
import { ComposeScreen } from './screens/ComposeScreen';
import { InboxScreen } from './screens/InboxScreen';
import { OptInsScreen } from './screens/OptInsScreen';
import { OutboxScreen } from './screens/OutboxScreen';
import { SearchScreen } from './screens/SearchScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { TemplatesScreen } from './screens/TemplatesScreen';
import { subscribeOptOutEvents } from './stores/optouts';
import { SkipLink } from './components/SkipLink';

const screenComponents: Record<Screen, () => ReactElement> = {
  inbox: InboxScreen,
  search: SearchScreen,
  outbox: OutboxScreen,
  compose: ComposeScreen,
  templates: TemplatesScreen,
  optins: OptInsScreen,
  bulk: BulkScreen,
  settings: SettingsScreen,
};

export function App(): ReactElement {
  const screen = useNavigation((s) => s.screen);
  const load = useSettings((s) => s.load);
  const loadError = useSettings((s) => s.loadError);
  const init = useSettings((s) => s.init);
  const loadAccount = useAccount((s) => s.load);
  const loadSync = useSync((s) => s.load);
  useTheme();

  useEffect(() => {
    void init();
    void loadAccount();
    void loadSync();
    const unsubscribers = [subscribeSettingsEvents(), subscribeAccountEvents(), subscribeSyncEvents(), subscribeUnreadEvents(), subscribeBrowserNotifications(), subscribeOptOutEvents()];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [init, loadAccount, loadSync]);

  const Current = screenComponents[screen];
  return (
    <div className="app">
      <SkipLink target="main-content" />
      <Sidebar />
      <main id="main-content" tabIndex={-1} className="content" aria-busy={load === 'loading'}>
        <DemoBanner />
        {load === 'error' ? (
          <EmptyState
            icon="alert"
            tone="error"
            title="The app could not load its data"
            action={
              <button type="button" className="button" onClick={() => void init()}>
                Try again
              </button>
            }
          >
            <p>{loadError}</p>
          </EmptyState>
        ) : load === 'ready' ? (
          <Current />
        ) : (
          <div className="loading" role="status" aria-label="Loading">
            <span className="spinner" aria-hidden="true" />
            Loading…
          </div>
        )}
      </main>
    </div>
  );
}
