import type { ReactElement, ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/** The designed "nothing here yet" panel: what the screen will hold and the first thing to do. */
export function EmptyState(props: {
  icon: IconName;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  tone?: 'neutral' | 'error';
}): ReactElement {
  return (
    <section className={`empty-state ${props.tone === 'error' ? 'empty-state--error' : ''}`} aria-label={props.title}>
      <div className="empty-state__icon">
        <Icon name={props.icon} size={28} />
      </div>
      <h2 className="empty-state__title">{props.title}</h2>
      <div className="empty-state__body">{props.children}</div>
      {props.action ? <div className="empty-state__action">{props.action}</div> : null}
    </section>
  );
}
