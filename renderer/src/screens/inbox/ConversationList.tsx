import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { ConversationSummary } from '../../../../shared/history';
import { EXCEL_DAMAGE_REASON, isExcelScientific } from '../../../../shared/phone';
import { api } from '../../api';
import { Icon } from '../../components/Icon';
import { StatusTicks } from '../../components/StatusTicks';
import { usePagedRows } from '../../hooks/usePagedRows';
import { useSync } from '../../stores/sync';
import { fullTimeWithZone, listTime } from '../../time';
import { Notice } from '../../components/Notice';
import { useVirtualRows } from '../../hooks/useVirtualRows';
import { plural } from '../../../../shared/plural';
import { Avatar } from '../../components/Avatar';
import { contactTitle, UserText } from '../../components/UserText';
import { useNow } from '../../hooks/useNow';
import type { RovingItemProps } from '../../hooks/useRovingFocus';

export function initials(name: string | null, contact: string): string {
  if (name) {
    const parts = name.trim().split(/\s+/);
    return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
  }
  return contact.slice(-2);
}

export function formatNumber(contact: string): string {
  return `+${contact}`;
}

function Row({ conversation, selected, onOpen, now, roving }: { conversation: ConversationSummary; selected: boolean; onOpen: () => void; now: number; roving: RovingItemProps }): ReactElement {
  // The window closes as time passes, not only when the list is read again.
  const windowOpen = conversation.windowOpen && (conversation.windowClosesAt ?? 0) > now;
  return (
    <button
      type="button"
      className={`conversation ${selected ? 'conversation--selected' : ''} ${conversation.unread > 0 ? 'conversation--unread' : ''}`}
      aria-current={selected ? 'true' : undefined}
      // Named by what it shows (name, time, preview), so a voice user can say what they see.
      {...roving}
      onClick={onOpen}
    >
      <Avatar name={conversation.name} contact={conversation.contact} />
      <span className="conversation__main">
        <span className="conversation__top">
          <UserText className="conversation__name" text={contactTitle(conversation.name, conversation.contact)} />
          <span className="conversation__time" title={fullTimeWithZone(conversation.lastAt)}>{listTime(conversation.lastAt)}</span>
        </span>
        <span className="conversation__bottom">
          {conversation.lastDirection === 'out' ? <StatusTicks status={conversation.lastStatus} /> : null}
          <span className="conversation__preview" dir="auto">{conversation.lastPreview}</span>
          {windowOpen ? (
            <span className="window-dot" title="24-hour window open: any message type is delivered" aria-label="24-hour window open" role="img">
              <Icon name="clock" size={13} />
            </span>
          ) : null}
          {conversation.unread > 0 ? (
            <span className="unread">
              <span aria-hidden="true">{conversation.unread > 99 ? '99+' : conversation.unread}</span>
              <span className="visually-hidden">{`, ${conversation.unread} unread`}</span>
            </span>
          ) : null}
        </span>
      </span>
    </button>
  );
}

/** Every conversation, newest first, virtualized: 100,000 rows scroll like 100. */
export function ConversationList({ selected, onOpen }: { selected: string | null; onOpen: (contact: string) => void }): ReactElement {
  const [filter, setFilter] = useState('');
  const [debounced, setDebounced] = useState('');
  const version = useSync((s) => s.version);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(filter.trim()), 200);
    return () => clearTimeout(timer);
  }, [filter]);
  const fetchPage = useCallback(
    (offset: number, limit: number) => api.conversations.list(debounced ? { offset, limit, filter: debounced } : { offset, limit }),
    [debounced],
  );
  const rows = usePagedRows(fetchPage, `${debounced}|${version}`);
  const now = useNow(60_000);
  const { parentRef, virtualizer, items, roving } = useVirtualRows(rows, 68);

  return (
    <section className="conversations" aria-label="Conversations">
      <div className="conversations__filter">
        <Icon name="search" size={16} />
        <input type="search" dir="auto" aria-label="Filter conversations by name or number" placeholder="Filter by name or number" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {rows.error ? (
        <Notice tone="error">{rows.error}</Notice>
      ) : null}
      {rows.total === 0 && !rows.loading ? (
        <p className="conversations__empty">
          {isExcelScientific(debounced) ? EXCEL_DAMAGE_REASON : debounced ? `No conversation matches “${debounced}”.` : 'No conversations yet. They appear here as soon as messages are downloaded.'}
        </p>
      ) : null}
      <div className="conversations__scroll" ref={parentRef}>
        <div role="list" aria-label="Conversation list" onKeyDown={roving.onKeyDown} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const conversation = rows.rowAt(item.index);
            return (
              <div key={item.key} role="listitem" aria-setsize={rows.total ?? 0} aria-posinset={item.index + 1} className="conversations__row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                {conversation ? (
                  <Row conversation={conversation} selected={conversation.contact === selected} onOpen={() => onOpen(conversation.contact)} now={now} roving={roving.itemProps(item.index)} />
                ) : (
                  <div className="conversation conversation--placeholder" aria-hidden="true" />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {rows.total !== null && rows.total > 0 ? <div className="conversations__count">{plural(rows.total, 'conversation')}</div> : null}
    </section>
  );
}
