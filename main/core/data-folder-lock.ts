import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../shared/result';

/**
 * One app per data folder. Two instances on one folder would both sync into the same files, so
 * whichever starts second — the desktop app or the web preview — is refused before it opens,
 * creates or migrates anything there.
 *
 * The lock is an OS lock, so a crashed owner cannot leave it behind: `app-instance.lock` is a
 * SQLite file held in an exclusive transaction for the owner's lifetime (SQLite takes a POSIX
 * fcntl lock on Unix, LockFileEx on Windows; the kernel drops either when the process dies,
 * SIGKILL included). Nothing is ever written to it: `BEGIN EXCLUSIVE` alone takes the lock, and
 * with the journal in memory no journal file appears. A second instance's attempt fails at once
 * (no busy wait) and changes nothing.
 *
 * Beside it, `app-instance.json` records who holds the lock (process id, start time, which app)
 * for the refusal message. It is only a description: a record whose process is gone is left by
 * an owner that crashed, and is ignored; the next owner replaces it.
 *
 * POSIX locks belong to the process and are dropped when the process closes *any* descriptor of
 * the file, so nothing else in the app may open the lock file.
 */

export type AppKind = 'desktop' | 'preview';

export const LOCK_FILE = 'app-instance.lock';
export const OWNER_FILE = 'app-instance.json';

const Owner = z.object({
  pid: z.number().int().positive(),
  startedAt: z.number(),
  kind: z.enum(['desktop', 'preview']).nullable(),
  host: z.string(),
});
export type InstanceOwner = z.infer<typeof Owner>;

export interface DataFolderLock {
  readonly owner: InstanceOwner;
  /** Lets another instance in (idempotent). */
  release(): void;
}

const KIND_NAMES: Record<AppKind, string> = { desktop: 'the desktop app', preview: 'the web preview' };

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED');
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** The recorded owner, when the record describes a process that still exists (or another computer's). */
function readOwner(dataDir: string): InstanceOwner | null {
  try {
    const owner = Owner.parse(JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')));
    return owner.host !== os.hostname() || processExists(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

function writeOwner(dataDir: string, owner: InstanceOwner): void {
  const file = path.join(dataDir, OWNER_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(owner), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** The sentence a refused instance shows (the desktop app in an error box, the preview on stderr). */
export function alreadyRunningMessage(appName: string, dataDir: string, owner: InstanceOwner | null): string {
  let who = 'another copy of the app';
  if (owner) {
    const details = [`since ${new Date(owner.startedAt).toLocaleString()}`, `process ${owner.pid}`];
    if (owner.host !== os.hostname()) details.push(`on the computer “${owner.host}”`);
    who = `${owner.kind ? KIND_NAMES[owner.kind] : 'another copy of the app'}, ${details.join(', ')}`;
  }
  return `${appName} is already running on this data folder (${who}). Close it first, or start this one with another data folder. Data folder: ${dataDir}`;
}

/**
 * Takes the data folder for this process, or throws an AppError ('conflict') naming the
 * instance that holds it. The folder must exist.
 */
export function lockDataFolder(dataDir: string, kind: AppKind | null, appName: string): DataFolderLock {
  const file = path.join(dataDir, LOCK_FILE);
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { timeout: 0 });
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db?.close();
    if (!isBusy(error)) throw error;
    throw new AppError({ code: 'conflict', message: alreadyRunningMessage(appName, dataDir, readOwner(dataDir)) });
  }
  const held = db;
  // A path-based chmod: opening the file here would drop the lock (see above).
  fs.chmodSync(file, 0o600);
  const owner: InstanceOwner = { pid: process.pid, startedAt: Date.now(), kind, host: os.hostname() };
  try {
    writeOwner(dataDir, owner);
  } catch (error) {
    held.close();
    throw error;
  }
  let released = false;
  return {
    owner,
    release() {
      if (released) return;
      released = true;
      try {
        const recorded = Owner.parse(JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')));
        if (recorded.pid === owner.pid && recorded.startedAt === owner.startedAt) fs.rmSync(path.join(dataDir, OWNER_FILE), { force: true });
      } catch {
        // No record, or not ours: nothing to tidy.
      }
      held.close();
    },
  };
}
