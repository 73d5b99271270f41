import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openKeychain } from '../../../../main/core/secrets/keychain';

/**
 * The real OS keychain: gnome-keyring's Secret Service in CI (test/with-keyring.sh starts it).
 * Set SKIP_KEYCHAIN_TESTS=1 only on a machine that truly has no keychain.
 */
const skip = process.env['SKIP_KEYCHAIN_TESTS'] === '1';

describe.skipIf(skip)('keychain (keytar, real Secret Service)', () => {
  it('saves, reads and removes a secret', async () => {
    const { store, reason } = await openKeychain(`WhatsApp Desk tests ${crypto.randomUUID()}`);
    expect(reason).toBeNull();
    if (!store) throw new Error(`no keychain: ${reason ?? ''}`);
    const account = `key-${crypto.randomUUID()}`;
    const secret = crypto.randomBytes(16).toString('hex');
    expect(await store.get(account)).toBeNull();
    await store.set(account, secret);
    expect(await store.get(account)).toBe(secret);
    await store.set(account, `${secret}-rotated`);
    expect(await store.get(account)).toBe(`${secret}-rotated`);
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });
});
