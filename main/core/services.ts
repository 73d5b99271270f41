import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE, openDatabase, type Db } from './db/database';
import { AppStateStore, SettingsStore } from './db/settings-store';
import { EventBus } from './events';
import { createLogger, fileSink, Redactor, stderrSink, type Logger, type LogSink } from './log';
import type { Platform } from './platform';
import { AccountService, type StartDemoServer } from './account';
import { SyncService, type SyncOptions } from './sync/sync-service';
import { OutboxService } from './outbox/outbox-service';
import { Delivery } from './send/delivery';
import type { BackoffPolicy } from './backoff';
import { OptInsService } from './optins/optins-service';
import { CampaignDrafts } from './campaigns/drafts-service';
import { ledgerRecipientFacts } from './campaigns/recipient-facts';
import { OptOutsService } from './optouts/optouts-service';
import { TemplatesService } from './templates/library';
import { CampaignService } from './campaigns/campaigns-service';
import { WorkspaceManager } from './workspace';
import type { SecretStoreCandidates } from './secrets/choose';
import { lockDataFolder, type AppKind, type DataFolderLock } from './data-folder-lock';

/**
 * The composition root: builds every core service from plain configuration. The Electron shell
 * and the web preview both call this, so they run the same code over the same database.
 */
export interface ServiceConfig {
  dataDir: string;
  appName: string;
  appVersion: string;
  platform: Platform;
  /** Extra log sinks (stderr while developing, memory in tests). */
  logSinks?: LogSink[];
  /** Where the API secret may be kept, best first (the shell decides what its platform offers). */
  secretStores: SecretStoreCandidates;
  /** SMSGLOBAL_API_URL, when set. */
  envBaseUrl?: string | undefined;
  demo?: { seed?: number; messages?: number; months?: number };
  /** Starts the demo's API server; the shell and the preview pass the simulator's (main/simulator/demo.ts). */
  startDemoServer?: StartDemoServer;
  /** Sync at start, when the account changes and on the timer (the app: yes; most tests: no). */
  autoSync?: boolean;
  /** Tests shorten the API timeout and the outbox's waits. */
  apiTimeoutMs?: number;
  /**
   * The send pipeline: how long an unknown outcome may stay unknown before the user is asked
   * (default 30 minutes), and the pauses after trouble and between looks at the outgoing list.
   */
  outbox?: { attentionAfterMs?: number; backoff?: BackoffPolicy };
  /**
   * Campaigns: POSTs in flight at most across campaigns, and how late a scheduled start may be
   * before it waits for the user (default 5 minutes); tests move the wall clock their schedules
   * read (quiet hours, the daily cap's midnight). Their waits are the outbox's.
   */
  campaigns?: { concurrency?: number; lateAfterMs?: number; now?: () => number };
  /** Sync engine tuning (benchmarks). */
  syncEngine?: SyncOptions['engine'];
  /** Which app holds the data folder, for the message a second instance shows. */
  appKind?: AppKind;
  /** Tests shorten the sync's page retries and the wait before a failed sync runs again. */
  syncRetries?: Pick<SyncOptions, 'pages' | 'rerun'>;
  /** The shell shows a system notification for 'messages.incoming' (the desktop app does). */
  systemNotifications?: boolean;
}

export interface Services {
  readonly config: ServiceConfig;
  readonly log: Logger;
  readonly redactor: Redactor;
  readonly db: Db;
  readonly databaseFile: string;
  readonly settings: SettingsStore;
  readonly appState: AppStateStore;
  readonly events: EventBus;
  readonly platform: Platform;
  readonly account: AccountService;
  readonly workspaces: WorkspaceManager;
  readonly sync: SyncService;
  /** The shared send pipeline (campaign lanes run over it too). */
  readonly delivery: Delivery;
  readonly outbox: OutboxService;
  readonly optIns: OptInsService;
  readonly campaignDrafts: CampaignDrafts;
  /** The opt-out ledger: manual changes, keyword lists, and "may we message?" for campaigns. */
  readonly optOuts: OptOutsService;
  /** The template library: entries by name, and the check a template message passes before it is queued. */
  readonly templates: TemplatesService;
  /** Confirmed campaigns: the journal, the runner, the report. */
  readonly campaigns: CampaignService;
  close(): Promise<void>;
}

/** The send pipeline's pauses: a second to start (a listing needs a moment), a minute at most. */
const SEND_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

export async function createServices(config: ServiceConfig): Promise<Services> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // One app per data folder, taken before anything in it is opened, created or migrated.
  const lock = lockDataFolder(config.dataDir, config.appKind ?? null, config.appName);
  try {
    return await startServices(config, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startServices(config: ServiceConfig, lock: DataFolderLock): Promise<Services> {
  const redactor = new Redactor();
  const log = createLogger({
    sinks: [fileSink(path.join(config.dataDir, 'logs')), ...(config.logSinks ?? [])],
    redactor,
  });
  const databaseFile = path.join(config.dataDir, DATABASE_FILE);
  const db = openDatabase(databaseFile);
  const events = new EventBus();
  const settings = new SettingsStore(db, log.child('settings'));
  const appState = new AppStateStore(db);
  const account = new AccountService({
    settings,
    appState,
    events,
    log: log.child('account'),
    redactor,
    secretStores: config.secretStores,
    envBaseUrl: config.envBaseUrl,
    ...(config.demo ? { demo: config.demo } : {}),
    ...(config.apiTimeoutMs ? { apiTimeoutMs: config.apiTimeoutMs } : {}),
    startDemoServer: config.startDemoServer,
  });
  await account.init();
  const workspaces = new WorkspaceManager(config.dataDir, log.child('workspace'), () => settings.get().defaultCountry);
  workspaces.switchTo(account.accountId());
  const sync = new SyncService({ workspaces, account, settings, events, log: log.child('sync'), ...(config.syncEngine ? { engine: config.syncEngine } : {}), ...config.syncRetries });
  const delivery = new Delivery({ account, events, log: log.child('send'), ...(config.outbox?.attentionAfterMs ? { attentionAfterMs: config.outbox.attentionAfterMs } : {}) });
  const templates = new TemplatesService(workspaces, config.platform);
  const outbox = new OutboxService({
    settings,
    account,
    workspaces,
    events,
    delivery,
    log: log.child('outbox'),
    backoff: config.outbox?.backoff ?? SEND_BACKOFF,
    checkTemplate: (message) => templates.checkMessage(message),
  });
  const optIns = new OptInsService(workspaces, account, settings, appState);
  const optOuts = new OptOutsService({ workspaces, settings, events, log: log.child('optouts'), platform: config.platform });
  const stopWatchingKeywords = optOuts.watchSettings();
  // Facts about numbers: the opt-out ledger and SMSGlobal's blacklist, and the opt-in list.
  const campaignDrafts = new CampaignDrafts({
    platform: config.platform,
    settings,
    events,
    log: log.child('campaigns'),
    facts: () => ledgerRecipientFacts(workspaces.require().db, (numbers) => optOuts.optedOutAmong(numbers)),
  });
  const campaigns = new CampaignService({
    settings,
    account,
    workspaces,
    events,
    delivery,
    outbox,
    drafts: campaignDrafts,
    platform: config.platform,
    log: log.child('campaigns'),
    backoff: config.outbox?.backoff ?? SEND_BACKOFF,
    blocked: (numbers) => new Set(optOuts.status(numbers).flatMap((status) => (status.blocked ? [status.number] : []))),
    ...config.campaigns,
  });
  const autoSync = (): void => {
    if (!config.autoSync || !workspaces.current()) return;
    sync.start().catch((error: unknown) => log.warn('sync could not start', { error }));
    sync.startTimer();
  };
  // The cache follows the account: another account opens its own file; leaving the demo deletes its file.
  let currentId = account.accountId();
  // Switches run one after another and always open the cache of the account current when they
  // run, so quick successive changes (save address, then credentials) settle on the right one.
  let switching = Promise.resolve();
  events.subscribe(({ event, payload }) => {
    // Queued messages go out as soon as the account answers again (a sync, a check, a send).
    if (event === 'account.changed' && payload.connection === 'connected') {
      void outbox.kick();
      campaigns.kick();
    }
    if (event !== 'account.changed' || account.accountId() === currentId) return;
    currentId = account.accountId();
    switching = switching
      .then(async () => {
        // A running sync writes to the old cache through its worker: end both first.
        await sync.close();
        const latest = account.accountId();
        workspaces.switchTo(latest);
        if (latest !== 'demo') workspaces.remove('demo');
        sync.warmUp();
        events.emit('messages.changed', { contacts: [], reason: 'sync' });
        autoSync();
        void outbox.kick();
        campaigns.open();
      })
      .catch((error: unknown) => log.error('could not switch the message cache', { error }));
  });
  sync.warmUp();
  autoSync();
  // Anything left in the queue by the last run (even mid-send) is dealt with now.
  void outbox.kick();
  // Campaigns that were sending go on by themselves (and say so); rows left mid-send are checked first.
  campaigns.open();
  let closing: Promise<void> | null = null;
  const services: Services = {
    config,
    log,
    redactor,
    db,
    databaseFile,
    settings,
    appState,
    events,
    platform: config.platform,
    account,
    workspaces,
    sync,
    delivery,
    outbox,
    optIns,
    campaignDrafts,
    optOuts,
    templates,
    campaigns,
    close() {
      outbox.close();
      campaigns.close();
      campaignDrafts.close();
      stopWatchingKeywords();
      closing ??= Promise.all([sync.close(), outbox.whenIdle(), campaigns.whenIdle()])
        .then(() => account.close())
        .finally(() => {
          events.close();
          workspaces.close();
          db.close();
          lock.release();
        });
      return closing;
    },
  };
  log.info('services started', { dataDir: config.dataDir, version: config.appVersion });
  return services;
}

export { stderrSink };
