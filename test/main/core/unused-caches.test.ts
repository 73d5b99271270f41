import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceFile } from '../../../main/core/workspace';
import { MemorySecretStore } from '../../../main/core/secrets/store';
import { createDispatcher } from '../../../main/ipc/dispatch';
import { createHandlers } from '../../../main/ipc/handlers';
import { memoryKeychain, testServices } from '../../helpers/services';
import { simulator } from '../../helpers/simulator';
import { tempDir } from '../../helpers/temp';

const FIRST = { key: 'first-key-0001', secret: 'first-secret-0123456789abcdef' };
const SECOND = { key: 'second-key-0002', secret: 'second-secret-0123456789abcdef' };

async function until(condition: () => boolean): Promise<void> {
  await expect.poll(condition).toBe(true);
}

describe('message caches of accounts not in use', () => {
  it('are kept when an account is replaced or removed, listed with their size, and deleted on request', async () => {
    const sim = await simulator({ accounts: [FIRST, SECOND], messages: 120 });
    const dataDir = tempDir();
    const { services } = await testServices(dataDir, { secretStores: memoryKeychain(new MemorySecretStore()) });
    const dispatch = createDispatcher(createHandlers(services), services.log);
    services.settings.update({ apiBaseUrl: sim.url, timeZone: sim.timeZone });

    await services.account.save(FIRST);
    const firstId = services.account.accountId() ?? '';
    await until(() => services.workspaces.current()?.accountId === firstId);
    await services.sync.start();
    expect(services.workspaces.require().messages.count()).toBeGreaterThan(0);
    // The account in use is never offered.
    expect(await dispatch('db.unusedCaches', null)).toEqual({ ok: true, value: { caches: [] } });

    // Switching to another account leaves the first one's messages on disk.
    await services.account.save(SECOND);
    const secondId = services.account.accountId() ?? '';
    await until(() => services.workspaces.current()?.accountId === secondId);
    const firstFile = workspaceFile(dataDir, firstId);
    expect(fs.existsSync(firstFile)).toBe(true);
    const listed = services.workspaces.unusedCaches(secondId);
    expect(listed).toEqual([{ accountId: firstId, sizeBytes: expect.any(Number), lastUsedAt: expect.any(Number) }]);
    expect(listed[0]?.sizeBytes).toBeGreaterThanOrEqual(fs.statSync(firstFile).size);

    // The one in use cannot be deleted, whatever the caller asks.
    expect(await dispatch('db.deleteUnusedCache', { accountId: secondId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(fs.existsSync(workspaceFile(dataDir, secondId))).toBe(true);
    // Only listed caches, by a well-formed name.
    expect(await dispatch('db.deleteUnusedCache', { accountId: '../whatsapp-desk' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await dispatch('db.deleteUnusedCache', { accountId: 'abcdef0123456789' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(fs.existsSync(path.join(dataDir, 'whatsapp-desk.sqlite3'))).toBe(true);

    // Removing the account in use keeps its messages too; both are now offered.
    await services.account.remove();
    await until(() => services.workspaces.current() === null);
    expect(services.workspaces.unusedCaches(services.account.accountId()).map((c) => c.accountId).sort()).toEqual([firstId, secondId].sort());

    const left = await dispatch('db.deleteUnusedCache', { accountId: firstId });
    expect(left).toEqual({ ok: true, value: { caches: [expect.objectContaining({ accountId: secondId })] } });
    for (const suffix of ['', '-wal', '-shm']) expect(fs.existsSync(firstFile + suffix), suffix).toBe(false);
    expect(fs.existsSync(workspaceFile(dataDir, secondId))).toBe(true);
  });

  it('lists nothing before any account has been used', async () => {
    const { services } = await testServices();
    expect(services.workspaces.unusedCaches(null)).toEqual([]);
  });

  it('will not delete a cache the app is still closing (switching away from it)', async () => {
    const { services } = await testServices();
    // As between an account change and the end of the switch: open, but no longer the account's.
    services.workspaces.switchTo('0123456789abcdef');
    expect(services.workspaces.unusedCaches(null).map((c) => c.accountId)).toEqual(['0123456789abcdef']);
    expect(() => services.workspaces.deleteUnusedCache('0123456789abcdef', null)).toThrow('still closing');
    expect(services.workspaces.current()?.messages.count()).toBe(0);
    services.workspaces.switchTo(null);
    expect(services.workspaces.deleteUnusedCache('0123456789abcdef', null)).toEqual([]);
  });
});
