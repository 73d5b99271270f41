import type { ReactElement } from 'react';
import { useAccount } from '../stores/account';

/** Shown on every screen while the app runs on demo data, with the way out. */
export function DemoBanner(): ReactElement | null {
  const status = useAccount((s) => s.status);
  const stopDemo = useAccount((s) => s.stopDemo);
  const busy = useAccount((s) => s.busy);
  if (status?.mode !== 'demo') return null;
  return (
    <div className="demo-banner" role="region" aria-label="Demo mode">
      <span className="badge badge--demo">Demo</span>
      <span>You are looking at simulated data from a built-in test server. Nothing you do here leaves this computer.</span>
      <button type="button" className="button button--small" onClick={() => void stopDemo()} disabled={busy === 'demo'}>
        Leave demo
      </button>
    </div>
  );
}
