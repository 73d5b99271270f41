import type { ReactElement, ReactNode } from 'react';
import { Icon } from './Icon';

const icons = { error: 'alert', warn: 'alert', ok: 'check', info: 'alert' } as const;

/** A one-block message: errors are alerts (read out at once), the rest status or notes. */
export function Notice({ tone, children, label }: { tone: 'error' | 'warn' | 'ok' | 'info'; children: ReactNode; label?: string }): ReactElement {
  const role = tone === 'error' ? 'alert' : tone === 'ok' ? 'status' : 'note';
  return (
    <div className={`notice ${tone === 'info' ? '' : `notice--${tone}`}`} role={role} aria-label={label}>
      <Icon name={icons[tone]} />
      <div>{children}</div>
    </div>
  );
}
