import fs from 'node:fs';
import path from 'node:path';
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
  ) {
    this.messages = new MessagesStore(db);
    this.queries = new HistoryQueries(db);
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

export class WorkspaceManager {
  private active: Workspace | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly log: Logger,
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
    this.active = new Workspace(accountId, file, db);
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
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }

  close(): void {
    this.switchTo(null);
  }
}
