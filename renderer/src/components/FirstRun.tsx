import type { ReactElement } from 'react';
import { useAccount } from '../stores/account';
import { useNavigation } from '../stores/navigation';
import { EmptyState } from './EmptyState';
import type { IconName } from './Icon';

/**
 * What a screen shows before any account exists: what it will hold, and the two ways in —
 * your own API key, or the demo.
 */
export function FirstRun({ icon, title, children }: { icon: IconName; title: string; children: ReactElement }): ReactElement {
  const navigate = useNavigation((s) => s.navigate);
  const startDemo = useAccount((s) => s.startDemo);
  const busy = useAccount((s) => s.busy);
  const error = useAccount((s) => s.error);
  return (
    <EmptyState
      icon={icon}
      title={title}
      action={
        <>
          <button type="button" className="button button--primary" onClick={() => navigate('settings')}>
            Add your API key in Settings
          </button>
          <button type="button" className="button" onClick={() => void startDemo()} disabled={busy === 'demo'}>
            {busy === 'demo' ? 'Starting the demo…' : 'Try with demo data'}
          </button>
        </>
      }
    >
      {children}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </EmptyState>
  );
}
