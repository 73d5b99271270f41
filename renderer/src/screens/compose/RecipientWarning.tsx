import { useId, type ReactElement } from 'react';
import { Icon } from '../../components/Icon';

/**
 * A number the phone-number list does not know: the user checks the digits and may send anyway.
 * `refused` is set when a send was tried without that word (the server asks for it too).
 */
export function RecipientWarning(props: { warning: string; refused: boolean; confirmed: boolean; onConfirm: (confirmed: boolean) => void }): ReactElement {
  const id = useId();
  return (
    <div className={`notice notice--warn recipient-warning ${props.refused ? 'recipient-warning--refused' : ''}`} role="group" aria-label="Number not recognised">
      <Icon name="alert" />
      <div>
        <p id={`${id}-warning`} className="recipient-warning__text">
          {props.warning}
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={props.confirmed} aria-describedby={`${id}-warning`} onChange={(e) => props.onConfirm(e.target.checked)} />
          Send to this number anyway
        </label>
        {props.refused && !props.confirmed ? (
          <p className="field__error" role="alert">
            Nothing was sent. Correct the number, or tick “Send to this number anyway” if the digits are right.
          </p>
        ) : null}
      </div>
    </div>
  );
}
