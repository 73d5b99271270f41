import { useEffect, useState } from 'react';
import type { OptOutStatus } from '../../../shared/optouts';
import { ApiNumber } from '../../../shared/phone';
import { api, errorMessage } from '../api';
import { useOptOuts } from '../stores/optouts';
import { useSync } from '../stores/sync';

const isNumber = (value: string | null): value is string => value !== null && ApiNumber.safeParse(value).success;

/**
 * What the ledger says about one number (digits), re-read when the sync brings this contact's
 * messages (a STOP may be among them) or the ledger changes by hand.
 */
export function useOptOutStatus(number: string | null): { status: OptOutStatus | null; error: string | null } {
  const [status, setStatus] = useState<OptOutStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [syncBump, setSyncBump] = useState(0);
  const ledgerVersion = useOptOuts((s) => s.version);

  // A sync that touched other contacts only does not change this one's answer.
  useEffect(
    () =>
      useSync.subscribe((next, previous) => {
        if (next.version === previous.version || !isNumber(number)) return;
        if (next.changedContacts.length === 0 || next.changedContacts.includes(number)) setSyncBump((n) => n + 1);
      }),
    [number],
  );

  useEffect(() => {
    if (!isNumber(number)) return;
    let live = true;
    api.optouts.status({ numbers: [number] }).then(
      ({ items }) => live && (setStatus(items[0] ?? null), setError(null)),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [number, ledgerVersion, syncBump]);

  // An answer for another number (the one typed before) is not shown.
  return { status: isNumber(number) && status?.number === number ? status : null, error: isNumber(number) ? error : null };
}
