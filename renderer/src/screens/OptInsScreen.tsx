import { useCallback, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { OptInRecord } from '../../../shared/optins';
import { api, errorMessage } from '../api';
import { EmptyState } from '../components/EmptyState';
import { FirstRun } from '../components/FirstRun';
import { Icon } from '../components/Icon';
import { ScreenHeader } from '../components/ScreenHeader';
import { usePagedRows } from '../hooks/usePagedRows';
import { hasAccount, useAccount } from '../stores/account';
import { useSync } from '../stores/sync';
import { ago } from '../time';
import { AddNumbers } from './optins/AddNumbers';
import { CapabilityCheck } from './optins/CapabilityCheck';
import { OptedOutList } from './optins/OptedOutList';
import { Notice } from '../components/Notice';
import { useVirtualRows } from '../hooks/useVirtualRows';
import { UserText } from '../components/UserText';
import { plural } from '../../../shared/plural';
import { nextIndex } from '../roving';

type Tab = 'list' | 'optedOut' | 'add' | 'capability';

function OptInList({ version }: { version: number }): ReactElement {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<'name' | 'number' | 'recent'>('name');
  const [refreshedAt, setRefreshedAt] = useState<number | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await api.optins.list({ offset, limit, sort, ...(filter.trim() ? { filter: filter.trim() } : {}) });
      setRefreshedAt(page.refreshedAt);
      return page;
    },
    [filter, sort],
  );
  const rows = usePagedRows<OptInRecord>(fetchPage, `${filter}|${sort}|${version}|${bump}`);
  const { parentRef, virtualizer, items, roving } = useVirtualRows(rows, 44);

  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    setError(null);
    try {
      await api.optins.refresh();
      setBump((n) => n + 1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <section className="card card--fill" aria-label="Opted-in numbers">
      <div className="filters">
        <label className="filters__field">
          <span>Search</span>
          <input type="search" dir="auto" placeholder="Name or number" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <label className="filters__field">
          <span>Sort by</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as 'name' | 'number' | 'recent')}>
            <option value="name">Name</option>
            <option value="number">Number</option>
            <option value="recent">Recently updated</option>
          </select>
        </label>
        <button type="button" className="button" onClick={() => void refresh()} disabled={refreshing}>
          <Icon name="refresh" size={16} /> {refreshing ? 'Refreshing…' : 'Refresh from SMSGlobal'}
        </button>
        <span className="field__hint">{refreshedAt ? `List from SMSGlobal ${ago(refreshedAt)}` : 'Showing the numbers saved on this computer'}</span>
      </div>
      {error ? (
        <Notice tone="error">{error} The list below is what this computer already has.</Notice>
      ) : null}
      {rows.total === 0 && !rows.loading ? (
        <EmptyState icon="optins" title={filter ? 'No opted-in number matches' : 'No opted-in numbers yet'}>
          <p>{filter ? 'Try another name or number.' : 'Add numbers in the “Add numbers” tab, or refresh the list from SMSGlobal.'}</p>
        </EmptyState>
      ) : null}
      <div className="optin-row optin-row--head" aria-hidden="true">
        <span>Name</span>
        <span>Number</span>
        <span>WhatsApp</span>
        <span>Blacklist</span>
      </div>
      <div className="outbox__scroll" ref={parentRef}>
        <div role="list" aria-label="Opted-in number list" onKeyDown={roving.onKeyDown} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const record = rows.rowAt(item.index);
            return (
              <div key={item.key} role="listitem" aria-setsize={rows.total ?? 0} aria-posinset={item.index + 1} className="outbox__row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                {record ? (
                  // No action on a row: the row itself takes the focus, so the list can be read by keyboard.
                  <div className={`optin-row ${record.blacklist ? 'is-blacklisted' : ''}`} {...roving.itemProps(item.index)}>
                    <span>{record.name ? <UserText text={record.name} /> : <span className="field__hint">No name</span>}</span>
                    <span className="mono">
                      <UserText text={`+${record.number}`} />
                    </span>
                    <span>{record.capable === null ? '—' : record.capable ? 'Can receive' : 'Cannot receive'}</span>
                    <span>{record.blacklist ? <span className="badge badge--danger">Blacklisted</span> : 'No'}</span>
                  </div>
                ) : (
                  <div className="optin-row optin-row--placeholder" aria-hidden="true" />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {rows.total ? <div className="conversations__count">{plural(rows.total, 'opted-in number')}</div> : null}
    </section>
  );
}

export function OptInsScreen(): ReactElement {
  const status = useAccount((s) => s.status);
  const version = useSync((s) => s.version);
  const [tab, setTab] = useState<Tab>('list');
  const [bump, setBump] = useState(0);
  const tabList = useRef<HTMLDivElement>(null);
  if (!hasAccount(status)) {
    return (
      <div className="screen">
        <ScreenHeader title="Opt-ins" subtitle="Customers who agreed to hear from you on WhatsApp." />
        <FirstRun icon="optins" title="No opted-in numbers yet">
          <p>
            WhatsApp only delivers business messages to numbers that opted in. Here you will see them, add new ones one by
            one or from a spreadsheet, and check which numbers can receive WhatsApp messages.
          </p>
        </FirstRun>
      </div>
    );
  }
  const tabs: { id: Tab; label: string }[] = [
    { id: 'list', label: 'Opted in' },
    { id: 'optedOut', label: 'Opted out' },
    { id: 'add', label: 'Add numbers' },
    { id: 'capability', label: 'Capability check' },
  ];
  // WAI-ARIA tabs: one Tab stop (the selected tab); arrows and Home/End select and focus another.
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const next = nextIndex(event.key, tabs.findIndex((t) => t.id === tab), tabs.length, { orientation: 'horizontal' });
    const target = next === null ? undefined : tabs[next];
    if (!target) return;
    event.preventDefault();
    setTab(target.id);
    tabList.current?.querySelector<HTMLElement>(`#tab-${target.id}`)?.focus();
  };
  return (
    <div className={`screen ${tab === 'list' || tab === 'optedOut' ? '' : 'screen--scroll'}`}>
      <ScreenHeader title="Opt-ins" subtitle="Customers who agreed to hear from you on WhatsApp, and who can receive messages." />
      <div className="tabs" role="tablist" aria-label="Opt-ins" ref={tabList} onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} tabIndex={tab === t.id ? 0 : -1} aria-controls={`panel-${t.id}`} className={`tabs__tab ${tab === t.id ? 'tabs__tab--on' : ''}`} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabs__panel">
        {tab === 'list' ? <OptInList version={version + bump} /> : null}
        {tab === 'optedOut' ? <OptedOutList version={version + bump} /> : null}
        {tab === 'add' ? <AddNumbers onDone={() => setBump((n) => n + 1)} /> : null}
        {tab === 'capability' ? <CapabilityCheck /> : null}
      </div>
    </div>
  );
}
