import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { numberFilterProblem, outboxFilterMatches, rangeProblem, type MessageDetail, type MessageView, type OutboxFilter, type OutboxItem } from '../../../shared/history';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { NormalizedStatuses, statusLabels, type NormalizedStatus } from '../../../shared/status';
import { api, errorMessage } from '../api';
import { EmptyState } from '../components/EmptyState';
import { FirstRun } from '../components/FirstRun';
import { Icon } from '../components/Icon';
import { MessageBody } from '../components/MessageBubble';
import { ScreenHeader } from '../components/ScreenHeader';
import { StatusBadge } from '../components/StatusTicks';
import { SyncBar } from '../components/SyncBar';
import { useExport } from '../hooks/useExport';
import { usePagedRows } from '../hooks/usePagedRows';
import { hasAccount, useAccount } from '../stores/account';
import { useNavigation } from '../stores/navigation';
import { useSync } from '../stores/sync';
import { dateInputToEpoch, fullTimeWithZone, listTime } from '../time';
import { formatNumber } from './inbox/ConversationList';
import { useVirtualRows } from '../hooks/useVirtualRows';
import { applyRange, RangeFilters } from '../components/RangeFilters';
import { contactTitle, UserText } from '../components/UserText';
import { plural } from '../../../shared/plural';
import { useSettings } from '../stores/settings';
import type { RovingItemProps } from '../hooks/useRovingFocus';

function Detail({ messageKey, onClose }: { messageKey: string; onClose: () => void }): ReactElement {
  const [detail, setDetail] = useState<MessageDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const openConversation = useNavigation((s) => s.openConversation);
  const version = useSync((s) => s.version);
  useEffect(() => {
    let live = true;
    api.messages.detail({ key: messageKey }).then(
      (d) => {
        if (!live) return;
        setDetail(d);
        setError(null);
      },
      (e: unknown) => {
        if (!live) return;
        setDetail(null);
        setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
  }, [messageKey, version]);
  return (
    <aside className="detail" aria-label="Message details">
      <header className="detail__header">
        <h2 className="card__title">Message details</h2>
        <button type="button" className="icon-button" aria-label="Close details" onClick={onClose}>
          <Icon name="x" />
        </button>
      </header>
      {error ? (
        <p className="form-actions__error" role="alert">
          {error}
        </p>
      ) : null}
      {detail ? (
        <>
          <div className="detail__preview">
            <MessageBody content={detail.content} />
          </div>
          <dl className="facts">
            <dt>To</dt>
            <dd>
              {detail.name ? (
                <>
                  <UserText text={detail.name} /> · <UserText text={formatNumber(detail.contact)} />
                </>
              ) : (
                <UserText text={formatNumber(detail.contact)} />
              )}
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={detail.status} raw={detail.statusRaw} />
            </dd>
            <dt>Sent</dt>
            <dd>{fullTimeWithZone(detail.createdAt)}</dd>
            <dt>SMSGlobal&apos;s date</dt>
            <dd className="mono" title="As SMSGlobal wrote it, in your account's time zone">
              {detail.createdRaw}
            </dd>
            <dt>SMSGlobal id</dt>
            <dd className="mono">{detail.providerId ?? '—'}</dd>
            <dt>Last updated</dt>
            <dd>{fullTimeWithZone(detail.updatedAt)}</dd>
          </dl>
          <h3 className="detail__subtitle">Every field the API returned</h3>
          <dl className="facts facts--raw">
            {Object.entries(detail.raw).map(([key, value]) => (
              <RawField key={key} name={key} value={value} />
            ))}
          </dl>
          <button type="button" className="button" onClick={() => openConversation({ contact: detail.contact, around: detail.key })}>
            Show in conversation
          </button>
        </>
      ) : null}
    </aside>
  );
}

function RawField({ name, value }: { name: string; value: unknown }): ReactElement {
  return (
    <>
      <dt className="mono">{name}</dt>
      <dd className="mono">{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
    </>
  );
}

function Row({ message, selected, onSelect, roving }: { message: OutboxItem; selected: boolean; onSelect: () => void; roving: RovingItemProps }): ReactElement {
  // Named by what it shows (recipient, text, status, time), so a voice user can say what they see.
  return (
    <button type="button" className={`outbox-row ${selected ? 'outbox-row--selected' : ''}`} aria-current={selected ? 'true' : undefined} onClick={onSelect} {...roving}>
      <span className="outbox-row__to" title={message.name ? formatNumber(message.contact) : undefined}>
        <span className="visually-hidden">To </span>
        <UserText text={contactTitle(message.name, message.contact)} />
      </span>
      <span className="outbox-row__preview" dir="auto">{message.preview}</span>
      <span className="outbox-row__status">
        <StatusBadge status={message.status} raw={message.statusRaw} />
      </span>
      <span className="outbox-row__time" title={fullTimeWithZone(message.createdAt)}>{listTime(message.createdAt)}</span>
    </button>
  );
}

export function OutboxScreen(): ReactElement {
  const status = useAccount((s) => s.status);
  if (!hasAccount(status)) {
    return (
      <div className="screen">
        <ScreenHeader title="Outbox" subtitle="Messages you have sent, with their delivery status." />
        <FirstRun icon="outbox" title="No messages sent yet">
          <p>
            Each message you send appears here as soon as you press Send — queued, sent, delivered, read or failed — with
            every detail SMSGlobal reports for it.
          </p>
        </FirstRun>
      </div>
    );
  }
  return <Outbox />;
}

function Outbox(): ReactElement {
  const [statusFilter, setStatusFilter] = useState<NormalizedStatus | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [number, setNumber] = useState('');
  const [selected, setSelected] = useState<MessageView | null>(null);
  const version = useSync((s) => s.version);
  const country = useSettings((s) => s.settings?.defaultCountry ?? DEFAULT_SETTINGS.defaultCountry);
  const exporter = useExport();
  const filter: OutboxFilter = {};
  if (statusFilter) filter.status = statusFilter;
  const fromMs = dateInputToEpoch(from, false);
  const toMs = dateInputToEpoch(to, true);
  // A reversed range or a number with letters is said at the filter, not answered with "nothing matches".
  const problems = { range: rangeProblem(fromMs, toMs), number: numberFilterProblem(number) };
  const blocked = problems.range !== null || problems.number !== null;
  if (fromMs !== undefined && !problems.range) filter.from = fromMs;
  if (toMs !== undefined && !problems.range) filter.to = toMs;
  if (number.trim() !== '' && !problems.number) filter.number = number.trim();
  const filterKey = JSON.stringify(filter);
  const fetchPage = useCallback((offset: number, limit: number) => api.outbox.list({ filter: JSON.parse(filterKey) as OutboxFilter, offset, limit }), [filterKey]);
  const rows = usePagedRows(fetchPage, `${filterKey}|${version}`);
  const { parentRef, virtualizer, items, roving } = useVirtualRows(rows, 52);
  const filtered = filterKey !== '{}';
  // The details panel follows the filters: it closes when they no longer show its message.
  useEffect(() => {
    if (selected && (blocked || !outboxFilterMatches(selected, JSON.parse(filterKey) as OutboxFilter, country))) setSelected(null);
  }, [filterKey, blocked, country, selected]);

  return (
    <div className="screen">
      <ScreenHeader
        title="Outbox"
        subtitle="Every message sent from this account, with what SMSGlobal says happened to it."
        actions={
          <button type="button" className="button" onClick={() => void exporter.run({ source: 'outbox', filter })} disabled={exporter.busy || rows.total === 0}>
            <Icon name="download" size={16} /> Export CSV
          </button>
        }
      />
      <SyncBar />
      <form className="filters" aria-label="Outbox filters" onSubmit={(e) => e.preventDefault()}>
        <label className="filters__field">
          <span>Status</span>
          <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as NormalizedStatus | '')}>
            <option value="">All statuses</option>
            {NormalizedStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <RangeFilters values={{ from, to, number }} problems={problems} onChange={(patch) => applyRange(patch, { from: setFrom, to: setTo, number: setNumber })} />
        {filtered || blocked ? (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              setStatusFilter('');
              setFrom('');
              setTo('');
              setNumber('');
            }}
          >
            Clear filters
          </button>
        ) : null}
      </form>
      {exporter.message ? (
        <div className={`notice ${exporter.failed ? 'notice--error' : 'notice--ok'}`} role="status">
          {exporter.message}
        </div>
      ) : null}
      <div className="outbox">
        <section className="outbox__list" aria-label="Sent messages">
          <div className="outbox-row outbox-row--head" aria-hidden="true">
            <span>Recipient</span>
            <span>Message</span>
            <span>Status</span>
            <span>Sent</span>
          </div>
          {rows.error ? (
            <div className="notice notice--error" role="alert">
              {rows.error}
            </div>
          ) : null}
          {blocked ? (
            <EmptyState icon="outbox" title="Check the filters above">
              <p>Messages are listed again as soon as the filters can be used.</p>
            </EmptyState>
          ) : rows.total === 0 && !rows.loading ? (
            <EmptyState icon="outbox" title={filtered ? 'Nothing matches these filters' : 'No messages sent yet'}>
              <p>{filtered ? 'Try a wider date range or another status.' : 'Messages you send from this account appear here, with their delivery status.'}</p>
            </EmptyState>
          ) : null}
          <div className="outbox__scroll" ref={parentRef} hidden={blocked}>
            <div role="list" aria-label="Sent message list" onKeyDown={roving.onKeyDown} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const message = rows.rowAt(item.index);
                return (
                  <div key={item.key} role="listitem" aria-setsize={rows.total ?? 0} aria-posinset={item.index + 1} className="outbox__row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                    {message ? <Row message={message} selected={selected?.key === message.key} onSelect={() => setSelected(message)} roving={roving.itemProps(item.index)} /> : <div className="outbox-row outbox-row--placeholder" aria-hidden="true" />}
                  </div>
                );
              })}
            </div>
          </div>
          {rows.total && !blocked ? <div className="conversations__count">{plural(rows.total, 'message')}</div> : null}
        </section>
        {selected ? <Detail key={selected.key} messageKey={selected.key} onClose={() => setSelected(null)} /> : null}
      </div>
    </div>
  );
}
