import type { ReactElement } from 'react';
import { useNavigation } from '../stores/navigation';

/** Bottom of the sidebar: which account the app talks to, and whether it can. */
export function AccountIndicator(): ReactElement {
  const navigate = useNavigation((s) => s.navigate);
  return (
    <div className="account" role="status" aria-label="Account status">
      <span className="account__dot account__dot--off" aria-hidden="true" />
      <div className="account__text">
        <div className="account__title">No account</div>
        <button type="button" className="link-button" onClick={() => navigate('settings')}>
          Add your API key in Settings
        </button>
      </div>
    </div>
  );
}
