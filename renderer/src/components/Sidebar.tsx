import type { ReactElement } from 'react';
import { screens, screenTitles, useNavigation, type Screen } from '../stores/navigation';
import { AccountIndicator } from './AccountIndicator';
import { Icon, type IconName } from './Icon';
import { UnreadBadge } from './UnreadBadge';

const icons: Record<Screen, IconName> = {
  inbox: 'inbox',
  search: 'search',
  outbox: 'outbox',
  compose: 'compose',
  templates: 'template',
  optins: 'optins',
  bulk: 'bulk',
  settings: 'settings',
};

export function Sidebar(): ReactElement {
  const screen = useNavigation((s) => s.screen);
  const navigate = useNavigation((s) => s.navigate);
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <img src="./icon.svg" alt="" width={28} height={28} />
        <div>
          <div className="sidebar__product">WhatsApp Desk</div>
          <div className="sidebar__vendor">for SMSGlobal</div>
        </div>
      </div>
      <nav aria-label="Main">
        <ul className="nav">
          {screens.map((item) => (
            <li key={item}>
              <button
                type="button"
                className={`nav__item ${item === screen ? 'nav__item--active' : ''}`}
                aria-current={item === screen ? 'page' : undefined}
                onClick={() => navigate(item)}
              >
                <Icon name={icons[item]} />
                <span>{screenTitles[item]}</span>
                {item === 'inbox' ? <UnreadBadge /> : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <AccountIndicator />
    </aside>
  );
}
