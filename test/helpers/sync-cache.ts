import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { MemorySecretStore } from '../../main/core/secrets/store';
import type { ServiceConfig } from '../../main/core/services';
import { workspaceFile } from '../../main/core/workspace';
import type { Simulator } from '../../main/simulator/server';
import { memoryKeychain, testServices } from './services';
import { tempDir } from './temp';

/** Credentials the sync tests give both the simulator and the app. */
export const SYNC_KEY = 'sync-test-key';
export const SYNC_SECRET = 'sync-test-secret-0123456789';
export const syncAccount = { key: SYNC_KEY, secret: SYNC_SECRET };

/**
 * Real services connected to `sim`. Settings' time zone is `timeZone`: by default the
 * simulator's, or another one to play a user who never set it.
 */
export async function connectedServices(sim: Simulator, options: { dataDir?: string; timeZone?: string; extra?: Partial<ServiceConfig> } = {}) {
  const keychain = new MemorySecretStore();
  const dataDir = options.dataDir ?? tempDir();
  const setup = await testServices(dataDir, { secretStores: memoryKeychain(keychain), ...options.extra });
  setup.services.settings.update({ apiBaseUrl: sim.url, timeZone: options.timeZone ?? sim.timeZone });
  await setup.services.account.save({ key: SYNC_KEY, secret: SYNC_SECRET });
  return { ...setup, dataDir };
}

/** Every cached message's direction and SMSGlobal id, read from the cache file itself. */
export function cacheIds(dataDir: string, accountId: string): { direction: string; provider_id: string }[] {
  const db = new Database(workspaceFile(dataDir, accountId), { readonly: true });
  try {
    return db.prepare<[], { direction: string; provider_id: string }>('SELECT direction, provider_id FROM messages WHERE provider_id IS NOT NULL').all();
  } finally {
    db.close();
  }
}

/** The cache holds each of the simulator's messages exactly once: none missing, none twice. */
export function expectExactlyOnce(rows: { direction: string; provider_id: string }[], sim: Simulator): void {
  const incoming = rows.filter((r) => r.direction === 'in').map((r) => r.provider_id);
  const outgoing = rows.filter((r) => r.direction === 'out').map((r) => r.provider_id);
  expect(incoming.length).toBe(sim.store.incoming.length);
  expect(outgoing.length).toBe(sim.store.outgoing.length);
  expect(new Set(incoming)).toEqual(new Set(sim.store.incoming.map((m) => m.id)));
  expect(new Set(outgoing)).toEqual(new Set(sim.store.outgoing.map((m) => m.id)));
}
