import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { MessageView, Thread } from '../../../../shared/history';
import { api, errorMessage } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { Notice } from '../../components/Notice';
import { Icon } from '../../components/Icon';
import { MessageBubble } from '../../components/MessageBubble';
import { useExport } from '../../hooks/useExport';
import { useSync } from '../../stores/sync';
import { clockTime, dayKey, dayLabel } from '../../time';
import { formatNumber } from './ConversationList';
import { Avatar } from '../../components/Avatar';
import { contactLabel, contactTitle, UserText } from '../../components/UserText';
import { WindowBadge } from '../../components/WindowStatus';
import { ContactNameEditor } from './ContactNameEditor';
import { OptOutControl } from './OptOutControl';

/** The view keeps at most this many messages; paging further drops the far end. */
const MAX_HELD = 400;
const PAGE = 100;

interface Loaded {
  thread: Thread;
  items: MessageView[];
}

export function ThreadView({ contact, around, children }: { contact: string; around?: string | undefined; children?: ReactNode }): ReactElement {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [naming, setNaming] = useState(false);
  const version = useSync((s) => s.version);
  const changed = useSync((s) => s.changedContacts);
  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ mode: 'bottom' } | { mode: 'message'; key: string } | { mode: 'keep'; height: number; top: number } | null>(null);
  const exporter = useExport();

  const open = useCallback(async () => {
    setError(null);
    try {
      const thread = await api.conversations.thread(around ? { contact, around, limit: PAGE } : { contact, limit: PAGE });
      anchor.current = around ? { mode: 'message', key: around } : { mode: 'bottom' };
      setLoaded({ thread, items: thread.items });
      if (thread.items.some((m) => m.direction === 'in' && !m.read)) await api.conversations.markRead({ contact });
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [contact, around]);

  useEffect(() => {
    setLoaded(null);
    void open();
  }, [open]);

  // New messages for this contact: re-read the latest page when the view shows the latest.
  useEffect(() => {
    if (version === 0 || !loaded || loaded.thread.hasNewer) return;
    if (changed.length > 0 && !changed.includes(contact)) return;
    const el = scrollRef.current;
    const atBottom = !el || el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    void api.conversations
      .thread({ contact, limit: PAGE })
      .then((thread) => {
        anchor.current = atBottom ? { mode: 'bottom' } : null;
        setLoaded((current) => {
          if (!current) return { thread, items: thread.items };
          const older = current.items.filter((m) => Number(m.key) < Number(thread.items[0]?.key ?? Infinity));
          return { thread: { ...thread, hasOlder: current.thread.hasOlder || thread.hasOlder }, items: [...older, ...thread.items].slice(-MAX_HELD) };
        });
        if (thread.items.some((m) => m.direction === 'in' && !m.read)) void api.conversations.markRead({ contact });
      })
      .catch(() => undefined);
    // Only a cache change should trigger this, not every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    const target = anchor.current;
    if (!el || !target) return;
    anchor.current = null;
    if (target.mode === 'bottom') el.scrollTop = el.scrollHeight;
    else if (target.mode === 'keep') el.scrollTop = el.scrollHeight - target.height + target.top;
    else el.querySelector(`[data-key="${target.key}"]`)?.scrollIntoView({ block: 'center' });
  }, [loaded]);

  const loadOlder = async (): Promise<void> => {
    if (!loaded?.items[0]) return;
    setBusy(true);
    try {
      const page = await api.conversations.thread({ contact, before: loaded.items[0].key, limit: PAGE });
      const el = scrollRef.current;
      anchor.current = el ? { mode: 'keep', height: el.scrollHeight, top: el.scrollTop } : null;
      const items = [...page.items, ...loaded.items];
      const dropped = items.length > MAX_HELD;
      setLoaded({ thread: { ...loaded.thread, hasOlder: page.hasOlder, hasNewer: loaded.thread.hasNewer || dropped }, items: items.slice(0, MAX_HELD) });
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const loadNewer = async (): Promise<void> => {
    const lastItem = loaded?.items[loaded.items.length - 1];
    if (!loaded || !lastItem) return;
    setBusy(true);
    try {
      const page = await api.conversations.thread({ contact, after: lastItem.key, limit: PAGE });
      const items = [...loaded.items, ...page.items];
      const dropped = items.length > MAX_HELD;
      setLoaded({ thread: { ...loaded.thread, hasNewer: page.hasNewer, hasOlder: loaded.thread.hasOlder || dropped }, items: items.slice(-MAX_HELD) });
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (error && !loaded) {
    return (
      <EmptyState icon="alert" tone="error" title="This conversation could not be opened" action={<button type="button" className="button" onClick={() => void open()}>Try again</button>}>
        <p>{error}</p>
      </EmptyState>
    );
  }
  if (!loaded) {
    return (
      <div className="loading" role="status" aria-label="Loading conversation">
        <span className="spinner" aria-hidden="true" /> Loading…
      </div>
    );
  }
  const { thread, items } = loaded;
  return (
    <section className="thread" aria-label={`Conversation with ${contactLabel(thread.name, contact)}`}>
      <header className="thread__header">
        <Avatar name={thread.name} contact={contact} large />
        <div className="thread__who">
          <div className="thread__title">
            <h2 className="thread__name">
              <UserText text={contactTitle(thread.name, contact)} />
            </h2>
            <button type="button" className="icon-button icon-button--small" aria-label={thread.name ? 'Rename contact' : 'Name this contact'} title={thread.name ? 'Rename contact' : 'Name this contact'} aria-expanded={naming} onClick={() => setNaming((n) => !n)}>
              <Icon name="compose" size={15} />
            </button>
          </div>
          <div className="thread__number">{thread.name ? <UserText text={formatNumber(contact)} /> : null}</div>
          <OptOutControl contact={contact} />
        </div>
        <div className="thread__window">
          <WindowBadge closesAt={thread.windowOpen ? thread.windowClosesAt : null} />
        </div>
        <button type="button" className="button button--small" onClick={() => void exporter.run({ source: 'conversation', contact })} disabled={exporter.busy}>
          <Icon name="download" size={14} /> Export
        </button>
      </header>
      {naming ? (
        <div className="thread__notice">
          <ContactNameEditor
            contact={contact}
            current={thread.name}
            onDone={(name) => {
              setNaming(false);
              // The header shows the new name at once, even on a page away from the latest messages.
              if (name !== undefined) setLoaded((current) => current && { ...current, thread: { ...current.thread, name } });
            }}
          />
        </div>
      ) : null}
      {exporter.message ? (
        <div className={`notice ${exporter.failed ? 'notice--error' : 'notice--ok'} thread__notice`} role="status">
          {exporter.message}
        </div>
      ) : null}
      {error ? (
        <div className="thread__notice">
          <Notice tone="error">{error}</Notice>
        </div>
      ) : null}
      <div className="thread__scroll" ref={scrollRef}>
        {thread.hasOlder ? (
          <div className="thread__more">
            <button type="button" className="button button--small" onClick={() => void loadOlder()} disabled={busy}>
              Load older messages
            </button>
          </div>
        ) : (
          <div className="thread__start">Start of the conversation</div>
        )}
        <ol className="thread__messages" aria-label="Messages">
          {items.map((message, index) => {
            const previous = items[index - 1];
            const newDay = !previous || dayKey(previous.createdAt) !== dayKey(message.createdAt);
            return (
              <Fragment key={message.key}>
                {newDay ? (
                  <li className="day-separator" aria-label={dayLabel(message.createdAt)}>
                    <span>{dayLabel(message.createdAt)}</span>
                  </li>
                ) : null}
                <li data-key={message.key} aria-label={`${message.direction === 'in' ? 'Received' : 'Sent'} ${clockTime(message.createdAt)}: ${message.preview}`}>
                  <MessageBubble content={message.content} direction={message.direction} createdAt={message.createdAt} status={message.status} statusRaw={message.statusRaw} highlighted={message.key === around} />
                </li>
              </Fragment>
            );
          })}
        </ol>
        {thread.hasNewer ? (
          <div className="thread__more">
            <button type="button" className="button button--small" onClick={() => void loadNewer()} disabled={busy}>
              Load newer messages
            </button>
          </div>
        ) : null}
      </div>
      {children}
    </section>
  );
}
