import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE, openDatabase, type Db } from './db/database';
import { AppStateStore, SettingsStore } from './db/settings-store';
import { EventBus } from './events';
import { createLogger, fileSink, Redactor, stderrSink, type Logger, type LogSink } from './log';
import type { Platform } from './platform';
import { AccountService } from './account';
import type { SecretStoreCandidates } from './secrets/choose';

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
  close(): Promise<void>;
}

export async function createServices(config: ServiceConfig): Promise<Services> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
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
  });
  await account.init();
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
    close() {
      closing ??= account.close().finally(() => db.close());
      return closing;
    },
  };
  log.info('services started', { dataDir: config.dataDir, version: config.appVersion });
  return services;
}

export { stderrSink };
