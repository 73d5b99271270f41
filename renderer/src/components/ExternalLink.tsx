import type { ReactElement, ReactNode } from 'react';
import { api } from '../api';

/**
 * Opens an https link in the user's browser through main; other schemes are shown, not opened.
 * `onOpen` replaces the opening (MessageLink asks for confirmation first).
 */
export function ExternalLink({ href, children, label, onOpen }: { href: string; children?: ReactNode; label?: string; onOpen?: () => void }): ReactElement {
  if (!href.startsWith('https://')) {
    return (
      <span className="mono" title="Only https links can be opened from the app">
        {children ?? href}
      </span>
    );
  }
  return (
    <button type="button" className="link-button link-button--inline" aria-label={label} onClick={onOpen ?? (() => void api.app.openExternal({ url: href }).catch(() => undefined))}>
      {children ?? href}
    </button>
  );
}
