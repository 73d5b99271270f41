import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { MARK_END, MARK_START, type SearchResult } from '../../../shared/history';
import { api, errorMessage } from '../api';
import { EmptyState } from '../components/EmptyState';
import { FirstRun } from '../components/FirstRun';
import { Icon } from '../components/Icon';
import { ScreenHeader } from '../components/ScreenHeader';
import { useExport } from '../hooks/useExport';
import { hasAccount, useAccount } from '../stores/account';
import { useNavigation } from '../stores/navigation';
import { dateInputToEpoch, fullTimeWithZone, listTime } from '../time';
import { formatNumber } from './inbox/ConversationList';
import { Notice } from '../components/Notice';
import { applyRange, RangeFilters } from '../components/RangeFilters';
import { contactTitle, UserText } from '../components/UserText';

/** Renders a snippet, turning the main process's match markers into <mark>. */
export function Snippet({ text }: { text: string }): ReactElement {
  const parts = text.split(MARK_START);
  return (
    <>
      {parts.map((part, i) => {
        if (i === 0) return <span key={i}>{part}</span>;
        const [marked, rest] = part.split(MARK_END);
        return (
          <span key={i}>
            <mark>{marked}</mark>
            {rest}
          </span>
        );
      })}
    </>
  );
}

interface Query {
  text: string;
  direction?: 'in' | 'out';
  from?: number;
  to?: number;
  number?: string;
}

export function SearchScreen(): ReactElement {
  const status = useAccount((s) => s.status);
  if (!hasAccount(status)) {
    return (
      <div className="screen">
        <ScreenHeader title="Search" subtitle="Find any message in your whole history." />
        <FirstRun icon="search" title="Search every message you ever sent or received">
          <p>Words, captions, file names and customer names — found in milliseconds, even offline.</p>
        </FirstRun>
      </div>
    );
  }
  return <Search />;
}

function Search(): ReactElement {
  const [text, setText] = useState('');
  const [direction, setDirection] = useState<'' | 'in' | 'out'>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [number, setNumber] = useState('');
  const [query, setQuery] = useState<Query | null>(null);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const openConversation = useNavigation((s) => s.openConversation);
  const exporter = useExport();
  // Only the latest search may land: a slow earlier one must not overwrite newer results.
  const latest = useRef(0);

  const buildQuery = (): Query => {
    const q: Query = { text: text.trim() };
    if (direction) q.direction = direction;
    const fromMs = dateInputToEpoch(from, false);
    const toMs = dateInputToEpoch(to, true);
    if (fromMs !== undefined) q.from = fromMs;
    if (toMs !== undefined) q.to = toMs;
    if (number.replace(/\D/g, '')) q.number = number.replace(/[^\d+]/g, '');
    return q;
  };

  const run = async (q: Query, before?: string): Promise<void> => {
    const ticket = ++latest.current;
    setBusy(true);
    setError(null);
    try {
      const page = await api.search.query(before ? { ...q, before } : q);
      if (ticket !== latest.current) return;
      setQuery(q);
      setResult((current) => (before && current ? { ...page, hits: [...current.hits, ...page.hits], contacts: current.contacts } : page));
    } catch (e) {
      if (ticket === latest.current) setError(errorMessage(e));
    } finally {
      if (ticket === latest.current) setBusy(false);
    }
  };

  // Search as you type, a moment after the last key.
  useEffect(() => {
    if (text.trim().length < 2) return;
    const timer = setTimeout(() => void run(buildQuery()), 250);
    return () => clearTimeout(timer);
    // buildQuery reads exactly these inputs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, direction, from, to, number]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!text.trim()) {
      setError('Type something to search for.');
      return;
    }
    void run(buildQuery());
  };

  const lastHit = result?.hits[result.hits.length - 1];
  return (
    <div className="screen screen--scroll">
      <ScreenHeader
        title="Search"
        subtitle="Every message on this computer: text, captions, file names, template names and customer names."
        actions={
          query && result && result.hits.length > 0 ? (
            <button type="button" className="button" onClick={() => void exporter.run({ source: 'search', query })} disabled={exporter.busy}>
              <Icon name="download" size={16} /> Export CSV
            </button>
          ) : null
        }
      />
      <form className="search-form" role="search" aria-label="Search messages" onSubmit={submit}>
        <div className="search-form__box">
          <Icon name="search" />
          <input type="search" dir="auto" aria-label="Search words" placeholder="Search messages and names" value={text} onChange={(e) => setText(e.target.value)} autoFocus />
          <button type="submit" className="button button--primary" disabled={busy}>
            Search
          </button>
        </div>
        <div className="filters">
          <label className="filters__field">
            <span>Direction</span>
            <select value={direction} onChange={(e) => setDirection(e.target.value as '' | 'in' | 'out')}>
              <option value="">Sent and received</option>
              <option value="in">Received</option>
              <option value="out">Sent</option>
            </select>
          </label>
          <RangeFilters values={{ from, to, number }} onChange={(patch) => applyRange(patch, { from: setFrom, to: setTo, number: setNumber })} />
        </div>
      </form>
      {error ? (
        <Notice tone="error">{error}</Notice>
      ) : null}
      {exporter.message ? (
        <div className={`notice ${exporter.failed ? 'notice--error' : 'notice--ok'}`} role="status">
          {exporter.message}
        </div>
      ) : null}
      {!result ? (
        <EmptyState icon="search" title="Search your whole history">
          <p>Type a word or part of one. Results show newest first; open one to read it in its conversation.</p>
        </EmptyState>
      ) : result.hits.length === 0 && result.contacts.length === 0 ? (
        <EmptyState icon="search" title={`Nothing found for “${query?.text ?? ''}”`}>
          <p>Check the spelling, or widen the filters.</p>
        </EmptyState>
      ) : (
        <div className="results">
          {result.contacts.length > 0 ? (
            <section aria-label="Matching customers" className="results__group">
              <h2 className="results__title">Customers</h2>
              <ul className="results__contacts">
                {result.contacts.map((c) => (
                  <li key={c.contact}>
                    <button type="button" className="chip" onClick={() => openConversation({ contact: c.contact })}>
                      <UserText text={c.name} /> · <UserText text={formatNumber(c.contact)} />
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-label="Matching messages" className="results__group">
            <h2 className="results__title">Messages</h2>
            <ul className="results__hits">
              {result.hits.map((hit) => (
                <li key={hit.message.key}>
                  <button type="button" className="hit" onClick={() => openConversation({ contact: hit.message.contact, around: hit.message.key })}>
                    <span className="hit__top">
                      <span className="hit__who">
                        {hit.message.direction === 'in' ? 'From ' : 'To '}
                        <UserText text={contactTitle(hit.name, hit.message.contact)} />
                      </span>
                      <span className="hit__time" title={fullTimeWithZone(hit.message.createdAt)}>{listTime(hit.message.createdAt)}</span>
                    </span>
                    <span className="hit__snippet" dir="auto">
                      <Snippet text={hit.snippet} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {result.hasMore && lastHit && query ? (
              <button type="button" className="button" onClick={() => void run(query, lastHit.message.key)} disabled={busy}>
                Show more results
              </button>
            ) : null}
          </section>
        </div>
      )}
    </div>
  );
}
