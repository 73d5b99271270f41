import { useEffect, useRef, useState, type ReactElement } from 'react';
import { Icon } from '../../components/Icon';
import { ComposeForm } from '../compose/ComposeForm';
import { UserText } from '../../components/UserText';
import { SendOutcome } from './SendOutcome';

/** The composer under a conversation, with the recipient fixed; folded until needed. */
export function ReplyBox({ contact }: { contact: string }): ReactElement {
  const [open, setOpen] = useState(false);
  // After the box closes, the focus goes back to the button that opens it (not to the page's top).
  const reopen = useRef<HTMLButtonElement>(null);
  const closed = useRef(false);
  useEffect(() => {
    if (!open && closed.current) reopen.current?.focus();
  }, [open]);
  const close = (): void => {
    closed.current = true;
    setOpen(false);
  };
  // Messages sent from here, followed until they have gone: a later refusal shows in the box.
  const [sent, setSent] = useState<string[]>([]);
  const outcome = <SendOutcome localIds={sent} onForget={(localId) => setSent((ids) => ids.filter((id) => id !== localId))} />;
  if (!open) {
    return (
      <div className="reply-bar">
        {outcome}
        <button ref={reopen} type="button" className="button reply-bar__button" onClick={() => setOpen(true)}>
          <Icon name="compose" size={16} /> Write a message
        </button>
      </div>
    );
  }
  return (
    <div
      className="reply-box"
      // Escape closes the box, unless something inside (a dialog, a list) used the key already.
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          close();
        }
      }}
    >
      <div className="reply-box__head">
        <span className="field__label">
          New message to <UserText text={`+${contact}`} />
        </span>
        <button type="button" className="icon-button" aria-label="Close the composer" onClick={close}>
          <Icon name="x" />
        </button>
      </div>
      {outcome}
      <ComposeForm fixedRecipient={contact} compact onSent={({ localId }) => setSent((ids) => [...ids.slice(-19), localId])} />
    </div>
  );
}
