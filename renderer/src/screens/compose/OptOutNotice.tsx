import { useState, type ReactElement } from 'react';
import type { MessageType } from '../../../../shared/messages';
import { optOutWarning, type OptOutStatus, type OptOutWarning } from '../../../../shared/optouts';
import { Icon } from '../../components/Icon';
import { useOptOutStatus } from '../../hooks/useOptOutStatus';
import { shortDay } from '../../time';

export interface OptOutCheck {
  status: OptOutStatus | null;
  warning: OptOutWarning | null;
  confirmed: boolean;
  setConfirmed: (confirmed: boolean) => void;
  /** Why the send must wait for "Send anyway", or null when it may go. */
  refusal: string | null;
}

/**
 * The composer's opt-out check for a recipient (digits) and message type: the rule is
 * shared/optouts.ts's optOutWarning; sending over a warning takes a deliberate tick.
 */
export function useOptOutCheck(number: string | null, messageType: MessageType): OptOutCheck {
  const { status } = useOptOutStatus(number);
  const [confirmed, setConfirmed] = useState<{ number: string | null; type: MessageType } | null>(null);
  const warning = optOutWarning(status, messageType, Date.now());
  // A tick is for this number and this type of message only.
  const isConfirmed = confirmed !== null && confirmed.number === number && confirmed.type === messageType;
  return {
    status,
    warning,
    confirmed: isConfirmed,
    setConfirmed: (on) => setConfirmed(on ? { number, type: messageType } : null),
    refusal: warning && !isConfirmed ? 'This number opted out. Tick “Send anyway” to send it, or choose another number.' : null,
  };
}

/** The warning above the Send button, with its "Send anyway" tick; a quiet note when a reply is fine. */
export function OptOutNotice({ check, errors }: { check: OptOutCheck; errors?: readonly string[] | undefined }): ReactElement | null {
  const { warning, status } = check;
  if (!warning) {
    if (!status?.optedOut) return null;
    return <p className="field__hint">Opted out on {shortDay(status.optedOut.at)}, but they have written since: a reply inside the 24-hour window is fine.</p>;
  }
  const out = status?.optedOut;
  return (
    <div className="notice notice--error optout-notice" role="group" aria-label="Opted out">
      <Icon name="alert" />
      <div>
        {warning.reason === 'blacklisted' ? (
          <p>
            <strong>SMSGlobal lists this number as blacklisted.</strong> Treat it as opted out: do not send it business-initiated messages.
          </p>
        ) : (
          <p>
            <strong>This customer opted out on {shortDay(warning.since ?? 0)}</strong>
            {out?.how === 'keyword' ? ` (they wrote “${out.text ?? ''}”)` : out?.note ? ` (by hand: ${out.note})` : ''}. WhatsApp’s rules: no templates or other
            business-initiated messages to someone who asked you to stop. A reply is fine once they write to you again.
          </p>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={check.confirmed} onChange={(e) => check.setConfirmed(e.target.checked)} />
          Send anyway
        </label>
        {errors && errors.length > 0 ? (
          <div className="field__error" role="alert">
            {errors.join(' ')}
          </div>
        ) : null}
      </div>
    </div>
  );
}
