import { KEYCHAIN_SERVICE, type SecretStore } from './store';

/** The slice of keytar the app uses. */
interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The OS keychain (macOS Keychain, Windows Credential Vault, Secret Service on Linux) through keytar. */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly detail: string;

  constructor(
    private readonly keytar: Keytar,
    private readonly service = KEYCHAIN_SERVICE,
  ) {
    this.detail =
      process.platform === 'darwin' ? 'Stored in the macOS Keychain.' : process.platform === 'win32' ? 'Stored in Windows Credential Manager.' : 'Stored in the system keyring (Secret Service).';
  }

  get(account: string): Promise<string | null> {
    return withTimeout(this.keytar.getPassword(this.service, account), 10_000, 'The keychain');
  }

  set(account: string, secret: string): Promise<void> {
    return withTimeout(this.keytar.setPassword(this.service, account, secret), 10_000, 'The keychain');
  }

  delete(account: string): Promise<boolean> {
    return withTimeout(this.keytar.deletePassword(this.service, account), 10_000, 'The keychain');
  }
}

/**
 * Loads keytar and checks that a keychain service actually answers (on Linux without a Secret
 * Service, keytar loads but every call fails). Resolves to null when either fails, with the reason.
 */
export async function openKeychain(service = KEYCHAIN_SERVICE): Promise<{ store: KeychainSecretStore | null; reason: string | null }> {
  let keytar: Keytar;
  try {
    // Loaded lazily: a missing native build must not stop the app from starting.
    const loaded = (await import('keytar')) as unknown as Partial<Keytar> & { default?: Keytar };
    // A CommonJS module imported from ESM may expose its functions on `default` only.
    keytar = typeof loaded.default?.findCredentials === 'function' ? loaded.default : (loaded as Keytar);
  } catch (error) {
    return { store: null, reason: `keytar could not be loaded (${error instanceof Error ? error.message : String(error)})` };
  }
  try {
    await withTimeout(keytar.findCredentials(service), 5_000, 'The keychain');
    return { store: new KeychainSecretStore(keytar, service), reason: null };
  } catch (error) {
    return { store: null, reason: `no keychain service answered (${error instanceof Error ? error.message : String(error)})` };
  }
}
