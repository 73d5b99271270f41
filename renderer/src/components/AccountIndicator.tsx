import type { ReactElement } from 'react';
import type { AccountStatus } from '../../../shared/account';
import { useAccount } from '../stores/account';
import { useNavigation } from '../stores/navigation';

const connectionText: Record<AccountStatus['connection'], string> = {
  unknown: 'Not checked yet',
  checking: 'Checking…',
  connected: 'Connected',
  failed: 'Connection failed',
  offline: 'Offline — working from this computer',
  trouble: 'SMSGlobal is having trouble',
};

const dotClass: Record<AccountStatus['connection'], string> = {
  unknown: '',
  checking: 'account__dot--warn',
  connected: 'account__dot--on',
  failed: 'account__dot--error',
  offline: 'account__dot--warn',
  trouble: 'account__dot--warn',
};

/** Bottom of the sidebar: which account the app talks to, and whether it can. */
export function AccountIndicator(): ReactElement {
  const navigate = useNavigation((s) => s.navigate);
  const status = useAccount((s) => s.status);
  if (!status || status.mode === 'none') {
    return (
      <div className="account" role="status" aria-label="Account status">
        <span className="account__dot" aria-hidden="true" />
        <div className="account__text">
          <div className="account__title">No account</div>
          <button type="button" className="link-button" onClick={() => navigate('settings')}>
            Add your API key in Settings
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="account" role="status" aria-label="Account status">
      <span className={`account__dot ${dotClass[status.connection]}`} aria-hidden="true" />
      <div className="account__text">
        <div className="account__title">
          {status.mode === 'demo' ? (
            <span className="badge badge--demo">Demo</span>
          ) : (
            <>API key {status.keyId}</>
          )}
        </div>
        <div className="account__detail">{connectionText[status.connection]}</div>
        {status.connection === 'trouble' && status.message ? <div className="account__detail account__detail--why">{status.message}</div> : null}
        {status.connection === 'failed' ? (
          <button type="button" className="link-button" onClick={() => navigate('settings')}>
            Fix in Settings
          </button>
        ) : null}
      </div>
    </div>
  );
}
