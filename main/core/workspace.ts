import fs from 'node:fs';
import path from 'node:path';
import type { CountryCode } from 'libphonenumber-js';
import { AppError } from '../../shared/result';
import { accountMigrations } from './db/account-migrations';
import { ContactsStore } from './db/contacts-store';
import { openDatabase, type Db } from './db/database';
import { HistoryQueries } from './db/history-queries';
import { MessagesStore } from './db/messages-store';
import { SyncStateStore } from './db/sync-state-store';
import type { Logger } from './log';
import type { OptOutLedger } from './optouts/ledger-store';
import type { TemplateLibraryStore } from './templates/library-store';

/**
 * One account's cache: its own SQLite file under <data>/accounts/, so two accounts never mix and
 * leaving the demo deletes exactly the demo's data.
 */
export class Workspace {
  readonly messages: MessagesStore;
  readonly queries: HistoryQueries;
  readonly syncState: SyncStateStore;
  readonly contacts: ContactsStore;
  readonly optOuts: OptOutLedger;
  readonly templates: TemplateLibraryStore;

  constructor(
    readonly accountId: string,
    readonly file: string,
    readonly db: Db,
    defaultCountry?: () => CountryCode,
  ) {
    this.messages = new MessagesStore(db);
    this.queries = new HistoryQueries(db, defaultCountry);
    this.syncState = new SyncStateStore(db);
    this.contacts = new ContactsStore(db);
    // The message store writes both in its transactions; readers share the same instances.
    this.optOuts = this.messages.optOuts;
    this.templates = this.messages.templates;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function workspaceFile(dataDir: string, accountId: string): string {
  if (!/^[a-z0-9-]+$/.test(accountId)) throw new Error('bad account id');
  return path.join(dataDir, 'accounts', `${accountId}.sqlite3`);
}

/** A cache file and the SQLite files that travel with it. */
const CACHE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

/** A message cache on disk whose account is not the one in use. */
export interface UnusedCache {
  accountId: string;
  sizeBytes: number;
  /** When its files last changed (this computer's clock). */
  lastUsedAt: number;
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

export class WorkspaceManager {
  private active: Workspace | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly log: Logger,
    /** The country typed numbers are read in (Settings), for the caches' number filters. */
    private readonly defaultCountry?: () => CountryCode,
  ) {}

  /** Opens the cache for this account (closing another one), or closes it for null. */
  switchTo(accountId: string | null): Workspace | null {
    if (this.active?.accountId === accountId) return this.active;
    this.active?.close();
    this.active = null;
    if (accountId === null) return null;
    const file = workspaceFile(this.dataDir, accountId);
    // Checkpoints are the sync worker's job (worker.ts: every 128 MB and after each run): the
    // commit that crosses the threshold copies the WAL into the database, and on this thread
    // that would stall IPC. The threshold here (400 MB) is only a bound if the worker never runs.
    const db = openDatabase(file, { migrations: accountMigrations, synchronous: 'NORMAL', walAutocheckpoint: 100_000 });
    // 32 MB of page cache: years of history make B-trees far larger than SQLite's 2 MB default.
    db.pragma('cache_size = -32768');
    this.active = new Workspace(accountId, file, db, this.defaultCountry);
    this.log.info('workspace opened', { accountId });
    return this.active;
  }

  current(): Workspace | null {
    return this.active;
  }

  require(): Workspace {
    if (!this.active) throw new AppError({ code: 'not_configured', message: 'Add your SMSGlobal account in Settings → Account (or try the demo) first.' });
    return this.active;
  }

  /** Deletes an account's cache files (the demo's, when the user leaves it). */
  remove(accountId: string): void {
    if (this.active?.accountId === accountId) this.switchTo(null);
    const file = workspaceFile(this.dataDir, accountId);
    for (const suffix of CACHE_SUFFIXES) fs.rmSync(file + suffix, { force: true });
  }

  /**
   * Caches left on disk by accounts that were removed or replaced (removing an account keeps its
   * messages; only leaving the demo deletes them). Never the cache of `inUse`, the account in
   * use. The one still open while the app switches away from it is listed (it is no longer the
   * account's) but cannot be deleted until it is closed. No other instance can be using them:
   * the data folder's lock keeps other instances out.
   */
  unusedCaches(inUse: string | null): UnusedCache[] {
    const folder = path.join(this.dataDir, 'accounts');
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      return [];
    }
    const caches: UnusedCache[] = [];
    for (const name of names) {
      const accountId = /^([a-z0-9-]+)\.sqlite3$/.exec(name)?.[1];
      if (!accountId || accountId === inUse) continue;
      const stats = CACHE_SUFFIXES.map((suffix) => statOrNull(path.join(folder, name + suffix))).filter((s): s is fs.Stats => s !== null && s.isFile());
      if (stats.length === 0) continue;
      caches.push({
        accountId,
        sizeBytes: stats.reduce((sum, s) => sum + s.size, 0),
        lastUsedAt: Math.max(...stats.map((s) => s.mtimeMs)),
      });
    }
    return caches.sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  }

  /** Deletes one of `unusedCaches()` and answers the list that is left. */
  deleteUnusedCache(accountId: string, inUse: string | null): UnusedCache[] {
    if (accountId === inUse) {
      throw new AppError({ code: 'conflict', message: 'These are the messages of the account in use. Remove the account in Settings → Account first.' });
    }
    if (accountId === this.active?.accountId) {
      throw new AppError({ code: 'conflict', message: 'The app is still closing these messages. Try again in a moment.' });
    }
    if (!this.unusedCaches(inUse).some((cache) => cache.accountId === accountId)) {
      throw new AppError({ code: 'not_found', message: 'These messages are no longer on this computer.' });
    }
    this.remove(accountId);
    this.log.info('unused cache deleted', { accountId });
    return this.unusedCaches(inUse);
  }

  close(): void {
    this.switchTo(null);
  }
}
