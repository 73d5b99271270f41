import { useState, type ReactElement } from 'react';
import { OptOutBadge } from '../../components/OptOutBadge';
import { useOptOutStatus } from '../../hooks/useOptOutStatus';
import { ManualOptOutForm } from '../optins/ManualOptOutForm';
import { OptOutHistory } from './OptOutHistory';

/** The thread header's opt-out state ("Opted out on 3 Mar, by message") and the manual change. */
export function OptOutControl({ contact }: { contact: string }): ReactElement | null {
  const { status } = useOptOutStatus(contact);
  const [open, setOpen] = useState(false);
  if (!status) return null;
  const optedOut = status.optedOut !== null;
  return (
    <div className="optout-control">
      <OptOutBadge status={status} />
      <button type="button" className="link-button optout-control__toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {optedOut ? 'Opt back in…' : 'Opt out…'}
      </button>
      {open ? (
        <div className="optout-control__panel">
          <OptOutHistory number={contact} />
          <ManualOptOutForm number={contact} action={optedOut ? 'in' : 'out'} onDone={() => setOpen(false)} onCancel={() => setOpen(false)} />
        </div>
      ) : null}
    </div>
  );
}
