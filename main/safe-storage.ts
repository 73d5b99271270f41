import path from 'node:path';
import { safeStorage } from 'electron';
import { EncryptedFileSecretStore } from './core/secrets/store';

/**
 * The desktop's fallback when keytar cannot reach a keychain: Electron's safeStorage (DPAPI on
 * Windows, a Keychain-held key on macOS, libsecret/kwallet on Linux). On Linux without a keyring
 * it degrades to "basic_text", which is reported as weak so the user must accept it first.
 */
export function safeStorageCandidate(dataDir: string): { store: EncryptedFileSecretStore; weak: boolean } | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  const store = new EncryptedFileSecretStore(
    path.join(dataDir, 'credentials.bin'),
    { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (encrypted) => safeStorage.decryptString(encrypted) },
    'Encrypted with your operating system’s key and stored in the app’s data folder.',
  );
  return { store, weak };
}
