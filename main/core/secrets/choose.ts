import { MemorySecretStore, type SecretStore } from './store';
import type { SecretStorageKind } from '../../../shared/account';

/**
 * Picks where the secret lives, most protected first: the OS keychain (keytar); on the desktop,
 * Electron's safeStorage file; Linux's basic_text variant of it only after the user accepted the
 * warning; in the web preview, memory only — and the screen says so.
 */
export interface SecretStoreCandidates {
  keychain: () => Promise<{ store: SecretStore | null; reason: string | null }>;
  /** The desktop's safeStorage-backed store; weak when Linux fell back to basic_text. */
  encryptedFile?: () => { store: SecretStore; weak: boolean } | null;
  allowMemory: boolean;
}

export interface SecretStoreChoice {
  store: SecretStore | null;
  kind: SecretStorageKind;
  /** For the user: what this means for them, in their words. */
  detail: string;
  /** For the log: why the keychain did not answer (keytar's own words), when it did not. */
  keychainProblem?: string | null;
}

export async function chooseSecretStore(candidates: SecretStoreCandidates, weakAccepted: boolean): Promise<SecretStoreChoice> {
  const keychain = await candidates.keychain();
  if (keychain.store) return { store: keychain.store, kind: 'keychain', detail: keychain.store.detail };
  const file = candidates.encryptedFile?.() ?? null;
  if (file && !file.weak) return { store: file.store, kind: 'encrypted-file', detail: file.store.detail };
  if (file && file.weak) {
    if (weakAccepted) return { store: file.store, kind: 'encrypted-file', detail: 'Stored with weak protection (no keyring found; you accepted this).' };
    return {
      store: null,
      kind: 'weak-needs-consent',
      detail:
        'No keyring (GNOME Keyring or KWallet) answered, so the secret could only be stored with weak, easily reversed encryption. Install or unlock a keyring, or accept the risk to continue.',
    };
  }
  if (candidates.allowMemory) {
    const memory = new MemorySecretStore();
    return { store: memory, kind: 'memory', detail: memory.detail, keychainProblem: keychain.reason };
  }
  return {
    store: null,
    kind: 'unavailable',
    detail: 'This computer has no keychain the app can use (on Linux: GNOME Keyring or KWallet), so your API secret cannot be stored safely. Install or unlock one, then save again.',
    keychainProblem: keychain.reason,
  };
}
