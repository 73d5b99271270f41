import { useEffect, useId, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { api, errorMessage } from '../api';
import { describeLink, type LinkFacts } from '../link-host';
import { ExternalLink } from './ExternalLink';
import { Icon } from './Icon';
import { Notice } from './Notice';
import './LinkConfirm.css';

/**
 * A link that came in a message (a customer's text, a media address). Anyone can send one, so it
 * opens only after the user has seen where it really goes: LinkConfirm shows the full address and
 * the host the browser will contact, punycode as such. The app's own links use ExternalLink.
 */
export function MessageLink({ href, children, label }: { href: string; children?: ReactNode; label?: string }): ReactElement {
  const facts = useMemo(() => describeLink(href), [href]);
  const [confirming, setConfirming] = useState(false);
  if (!facts) return <span className="mono">{children ?? href}</span>;
  return (
    <>
      <ExternalLink href={href} label={label} onOpen={() => setConfirming(true)}>
        {children ?? href}
      </ExternalLink>
      {confirming ? <LinkConfirm facts={facts} onClose={() => setConfirming(false)} /> : null}
    </>
  );
}

/**
 * The confirmation: a modal <dialog> (the rest of the window is inert while it is open). Cancel
 * has the focus first, Escape cancels, and focus goes back to the link afterwards.
 */
export function LinkConfirm({ facts, onClose }: { facts: LinkFacts; onClose: () => void }): ReactElement {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const hostId = useId();

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.showModal();
    cancel.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const open = async (): Promise<void> => {
    setOpening(true);
    setError(null);
    try {
      await api.app.openExternal({ url: facts.href });
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
      setOpening(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="link-confirm"
      aria-labelledby={titleId}
      aria-describedby={hostId}
      // Escape: the browser would close the dialog behind React's back; close it through state.
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // Closed by the browser anyway (a repeated Escape is not cancelable): follow it.
      onClose={onClose}
      // The dialog lives inside a message in the React tree: its clicks and keys stay here.
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <h2 id={titleId} className="link-confirm__title">
        Open this link in your browser?
      </h2>
      <p className="link-confirm__lead">It came in a message. Check where it really goes before you open it.</p>
      <dl className="link-confirm__facts">
        <dt>Website</dt>
        <dd id={hostId} className="link-confirm__host mono">
          {facts.host}
        </dd>
        <dt>Full address</dt>
        <dd className="link-confirm__url mono">{facts.href}</dd>
      </dl>
      {facts.punycode ? (
        <Notice tone="warn" label="International website name">
          <p>
            This website name is written in punycode, the form used for names in other alphabets.
            {facts.unicodeHost ? (
              <>
                {' '}
                In its own letters it reads <bdi className="mono link-confirm__unicode">{facts.unicodeHost}</bdi>.
              </>
            ) : (
              ' It cannot be read back into letters.'
            )}
          </p>
          {facts.mixedScripts.length > 0 ? (
            <p>
              <strong>It mixes {facts.mixedScripts.join(' and ')} letters</strong>, a common trick to make a name look like
              a well-known site. Open it only if you expected this exact address.
            </p>
          ) : null}
        </Notice>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="link-confirm__actions">
        <button ref={cancel} type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" disabled={opening} onClick={() => void open()}>
          <Icon name="link" size={16} />
          Open
        </button>
      </div>
    </dialog>
  );
}
