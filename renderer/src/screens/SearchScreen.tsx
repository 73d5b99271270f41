import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { MARK_END, MARK_START, numberFilterProblem, rangeProblem, SEARCH_MAX_CHARS, SYMBOL_SEARCH_WINDOW } from '../../../shared/history';
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
import { useSearch, type SearchForm, type SearchRequest } from '../stores/search';
import { useRovingFocus } from '../hooks/useRovingFocus';

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

/** "1,000+ messages", "12 messages", "1 message". */
export function matchCount(total: number, capped: boolean): string {
  return `${total.toLocaleString()}${capped ? '+' : ''} message${total === 1 && !capped ? '' : 's'}`;
}

const SYMBOL_WINDOW = `${SYMBOL_SEARCH_WINDOW.toLocaleString()} messages`;

/** Symbols only (👍): found in the newest messages a window at a time, not through the word index. */
const symbolsOnly = (text: string): boolean => text.trim() !== '' && !/[\p{L}\p{N}]/u.test(text);

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
  return <Search owner={`${status?.mode ?? ''}|${status?.keyId ?? ''}|${status?.baseUrl ?? ''}`} />;
}

function Search({ owner }: { owner: string }): ReactElement {
  // The query and its results live in a store: going to a conversation and back keeps them.
  const { text, direction, from, to, number, query, result, update, found, claim } = useSearch();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const openConversation = useNavigation((s) => s.openConversation);
  const exporter = useExport();
  // Only the latest search may land: a slow earlier one must not overwrite newer results.
  const latest = useRef(0);
  useEffect(() => claim(owner), [claim, owner]);
  // The results are one Tab stop: arrows, Home and End move between them.
  const hitList = useRef<HTMLUListElement>(null);
  const roving = useRovingFocus(hitList, result?.hits.length ?? 0);

  const fromMs = dateInputToEpoch(from, false);
  const toMs = dateInputToEpoch(to, true);
  const problems = { range: rangeProblem(fromMs, toMs), number: numberFilterProblem(number) };
  const usable = problems.range === null && problems.number === null;
  const edit = (patch: Partial<SearchForm>): void => {
    setError(null);
    update(patch);
  };

  const buildQuery = (): SearchRequest => {
    const q: SearchRequest = { text: text.trim() };
    if (direction) q.direction = direction;
    if (fromMs !== undefined) q.from = fromMs;
    if (toMs !== undefined) q.to = toMs;
    if (number.trim() !== '') q.number = number.trim();
    return q;
  };

  const run = async (q: SearchRequest, before?: string): Promise<void> => {
    const ticket = ++latest.current;
    setBusy(true);
    setError(null);
    try {
      const page = await api.search.query(before ? { ...q, before } : q);
      if (ticket !== latest.current) return;
      const current = useSearch.getState().result;
      // Later pages add their hits; the total and the customers are the first page's.
      found(q, before && current ? { ...page, hits: [...current.hits, ...page.hits], contacts: current.contacts, total: current.total, totalCapped: current.totalCapped } : page);
    } catch (e) {
      if (ticket === latest.current) setError(errorMessage(e));
    } finally {
      if (ticket === latest.current) setBusy(false);
    }
  };

  // Search as you type, a moment after the last key; a number alone lists its messages.
  const ready = usable && (text.trim().length >= 2 || (text.trim() === '' && number.trim() !== ''));
  const request = JSON.stringify(buildQuery());
  useEffect(() => {
    if (!ready || request === JSON.stringify(useSearch.getState().query)) return;
    const timer = setTimeout(() => void run(JSON.parse(request) as SearchRequest), 250);
    return () => clearTimeout(timer);
    // run reads only the store and the ticket.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request, ready]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!usable) return;
    if (!text.trim() && !number.trim()) {
      setError('Type something to search for, or a number to list its messages.');
      return;
    }
    void run(buildQuery());
  };

  const symbolSearch = query !== null && symbolsOnly(query.text);
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
          <input
            type="search"
            dir="auto"
            aria-label="Search words"
            aria-describedby="search-length"
            placeholder="Search messages and names"
            maxLength={SEARCH_MAX_CHARS}
            value={text}
            onChange={(e) => edit({ text: e.target.value })}
            autoFocus
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            Search
          </button>
        </div>
        <p id="search-length" className="field__hint search-form__length" aria-live="polite">
          {text.length >= SEARCH_MAX_CHARS
            ? `That is the longest search: ${SEARCH_MAX_CHARS} characters.`
            : text.length > SEARCH_MAX_CHARS - 40
              ? `${text.length} of ${SEARCH_MAX_CHARS} characters.`
              : ''}
        </p>
        <div className="filters">
          <label className="filters__field">
            <span>Direction</span>
            <select value={direction} onChange={(e) => edit({ direction: e.target.value as '' | 'in' | 'out' })}>
              <option value="">Sent and received</option>
              <option value="in">Received</option>
              <option value="out">Sent</option>
            </select>
          </label>
          <RangeFilters values={{ from, to, number }} problems={problems} onChange={(patch) => applyRange(patch, { from: (v) => edit({ from: v }), to: (v) => edit({ to: v }), number: (v) => edit({ number: v }) })} />
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
          <p>Type a word or part of one, or only a number to list that customer’s messages. Results show newest first; open one to read it in its conversation.</p>
        </EmptyState>
      ) : result.hits.length === 0 && result.contacts.length === 0 ? (
        <EmptyState
          icon="search"
          title={query?.text ? `Nothing found for “${query.text}”` : `No messages with ${query?.number ?? 'this number'}`}
          action={
            result.next && query ? (
              <button type="button" className="button" onClick={() => void run(query, result.next ?? undefined)} disabled={busy}>
                Search older messages
              </button>
            ) : undefined
          }
        >
          <p>{result.next ? `No message among the newest ${SYMBOL_WINDOW} holds it. Symbols such as 👍 are looked for ${SYMBOL_WINDOW} messages at a time.` : 'Check the spelling, or widen the filters.'}</p>
        </EmptyState>
      ) : (
        <div className="results">
          <p className="results__total" role="status">
            {matchCount(result.total, result.totalCapped)} found{symbolSearch && result.totalCapped ? ` in the newest ${SYMBOL_WINDOW}; older ones follow as you show more` : ''}.
          </p>
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
            <ul className="results__hits" ref={hitList} onKeyDown={roving.onKeyDown}>
              {result.hits.map((hit, index) => (
                <li key={hit.message.key}>
                  <button type="button" className="hit" {...roving.itemProps(index)} onClick={() => openConversation({ contact: hit.message.contact, around: hit.message.key })}>
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
            {result.next && query ? (
              <button type="button" className="button" onClick={() => void run(query, result.next ?? undefined)} disabled={busy}>
                Show more results
              </button>
            ) : null}
          </section>
        </div>
      )}
    </div>
  );
}
