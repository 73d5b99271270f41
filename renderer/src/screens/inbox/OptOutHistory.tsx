import { useEffect, useState, type ReactElement } from 'react';
import type { OptOutEvent } from '../../../../shared/optouts';
import { api, errorMessage } from '../../api';
import { useOptOuts } from '../../stores/optouts';
import { fullTime } from '../../time';

/** A number's opt-out changes, newest first: what the user sees before changing it by hand. */
export function OptOutHistory({ number }: { number: string }): ReactElement | null {
  const [events, setEvents] = useState<OptOutEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const version = useOptOuts((s) => s.version);
  useEffect(() => {
    let live = true;
    api.optouts.history({ number }).then(
      (result) => live && (setEvents(result.events), setError(null)),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [number, version]);
  if (error) return <p className="field__error">{error}</p>;
  if (!events || events.length === 0) return null;
  return (
    <div className="optout-history">
      <div className="field__label">Changes so far</div>
      <ol aria-label="Opt-out changes">
        {[...events].reverse().map((e, i) => (
          <li key={i}>
            <span className="optout-history__when">{fullTime(e.at)}</span> {e.action === 'out' ? 'Opted out' : 'Opted back in'}
            {e.how === 'keyword' ? `: wrote “${e.text ?? ''}”` : ` by hand: ${e.note ?? ''}`}
          </li>
        ))}
      </ol>
    </div>
  );
}
