import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseSecretStore } from '../../../main/core/secrets/choose';
import { MemorySecretStore, type SecretStore } from '../../../main/core/secrets/store';
import { memoryKeychain, testServices } from '../../helpers/services';
import { simulator } from '../../helpers/simulator';

async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const noKeychain = async (): Promise<{ store: SecretStore | null; reason: string | null }> => ({ store: null, reason: 'no Secret Service' });

describe('choosing where the secret lives', () => {
  it('prefers the keychain, then the encrypted file, and refuses basic_text without consent', async () => {
    const keychain = new MemorySecretStore();
    const file = new MemorySecretStore();
    expect((await chooseSecretStore({ keychain: async () => ({ store: keychain, reason: null }), allowMemory: false }, false)).kind).toBe('keychain');
    expect((await chooseSecretStore({ keychain: noKeychain, encryptedFile: () => ({ store: file, weak: false }), allowMemory: false }, false)).kind).toBe('encrypted-file');
    const weak = await chooseSecretStore({ keychain: noKeychain, encryptedFile: () => ({ store: file, weak: true }), allowMemory: false }, false);
    expect(weak).toMatchObject({ kind: 'weak-needs-consent', store: null });
    expect(weak.detail).toMatch(/weak/);
    expect((await chooseSecretStore({ keychain: noKeychain, encryptedFile: () => ({ store: file, weak: true }), allowMemory: false }, true)).kind).toBe('encrypted-file');
    expect((await chooseSecretStore({ keychain: noKeychain, allowMemory: true }, false)).kind).toBe('memory');
    expect((await chooseSecretStore({ keychain: noKeychain, allowMemory: false }, false)).kind).toBe('unavailable');
  });

  it('tells the user what a missing keychain means for them, and keeps the keychain\'s own words for the log', async () => {
    const dbus = async (): Promise<{ store: SecretStore | null; reason: string | null }> => ({ store: null, reason: 'no keychain service answered (Cannot autolaunch D-Bus without X11 $DISPLAY)' });
    for (const allowMemory of [true, false]) {
      const choice = await chooseSecretStore({ keychain: dbus, allowMemory }, false);
      expect(choice.detail).not.toMatch(/D-Bus|DISPLAY|keytar/);
      expect(choice.detail).toMatch(/API secret/);
      expect(choice.keychainProblem).toMatch(/Cannot autolaunch D-Bus/);
    }
    const { services, logLines } = await testServices(undefined, { secretStores: { keychain: dbus, allowMemory: true } });
    expect(services.account.status().secretStorage).toMatchObject({ kind: 'memory', detail: expect.stringMatching(/enter it again each time you start the app/) });
    expect(logLines.join('\n')).toMatch(/Cannot autolaunch D-Bus/);
  });
});

describe('AccountService', () => {
  it('saves credentials, reports failures in plain words, and forgets everything on remove', async () => {
    const sim = await simulator();
    const keychain = new MemorySecretStore();
    const { services } = await testServices(undefined, { secretStores: memoryKeychain(keychain) });
    services.settings.update({ apiBaseUrl: sim.url });
    const account = services.account;
    expect(account.status()).toMatchObject({ mode: 'none', keyId: null, connection: 'unknown' });

    const wrong = await account.save({ key: 'simulator-key', secret: 'not-the-secret' });
    expect(wrong).toMatchObject({ mode: 'real', connection: 'failed' });
    expect(wrong.message).toMatch(/refused the API key or secret/);

    const right = await account.save({ key: 'simulator-key', secret: 'simulator-secret-0123456789abcdef' });
    expect(right).toMatchObject({ connection: 'connected', keyId: 'simu…-key', baseUrl: sim.url });
    expect(await keychain.get('simulator-key')).toBe('simulator-secret-0123456789abcdef');

    await sim.close();
    const offline = await account.recheck();
    expect(offline.connection).toBe('offline');

    const removed = await account.remove();
    expect(removed).toMatchObject({ mode: 'none', keyId: null });
    expect(await keychain.get('simulator-key')).toBeNull();
    expect(() => account.client()).toThrow(/Add your SMSGlobal API key/);
  });

  it('refuses to save when the secret cannot be stored safely', async () => {
    const { services } = await testServices(undefined, { secretStores: { keychain: noKeychain, allowMemory: false } });
    await expect(services.account.save({ key: 'k', secret: 's' })).rejects.toThrow(/cannot be stored/);
    expect(services.account.status().mode).toBe('none');
  });

  it('runs a demo on the built-in simulator and removes it on leaving', async () => {
    const { services } = await testServices(undefined, { demo: { messages: 300 } });
    const started = await services.account.startDemo();
    expect(started).toMatchObject({ mode: 'demo', connection: 'connected', keyId: 'demo' });
    expect(started.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await services.account.client().listIncoming({ limit: 5 });
    expect(page.total).toBeGreaterThan(0);
    expect(services.account.accountId()).toBe('demo');
    await until(() => services.workspaces.current()?.accountId === 'demo');
    const demoFile = services.workspaces.require().file;
    expect(fs.existsSync(demoFile)).toBe(true);
    const stopped = await services.account.stopDemo();
    expect(stopped.mode).toBe('none');
    await expect(fetch(started.baseUrl)).rejects.toThrow();
    // Leaving the demo removes its data.
    await until(() => !fs.existsSync(demoFile));
    expect(services.workspaces.current()).toBeNull();
  });
});
