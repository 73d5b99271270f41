import fs from 'node:fs';
import path from 'node:path';
import type { SecretStorageKind } from '../../../shared/account';

/**
 * Where the API secret lives. Only main holds it in memory; the renderer, SQLite and the log
 * never see it. Accounts are keyed by API key (the keychain entry's "account").
 */
export interface SecretStore {
  readonly kind: Exclude<SecretStorageKind, 'weak-needs-consent' | 'unavailable'>;
  readonly detail: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** The keychain entry's service name; tests use their own (APP_KEYCHAIN_SERVICE) to stay apart from real entries. */
export const KEYCHAIN_SERVICE = process.env['APP_KEYCHAIN_SERVICE'] ?? 'WhatsApp Desk for SMSGlobal';

/** Forgotten when the process ends; the web preview uses it only when no keychain answers. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  readonly detail = 'This computer has no keychain the app can use, so your API secret is kept only while the app runs: you will need to enter it again each time you start the app.';
  private readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }
}

/** Encrypts with a platform cipher (Electron's safeStorage on the desktop). */
export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

/**
 * Secrets encrypted by the OS (DPAPI, macOS Keychain key, or the libsecret-backed key on Linux)
 * and kept in a 0600 file; written to a temporary file and renamed, so a crash never leaves half a file.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'encrypted-file' as const;

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
    readonly detail: string,
  ) {}

  private read(): Record<string, string> {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  private write(entries: Record<string, string>): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(entries), { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }

  async get(account: string): Promise<string | null> {
    const encrypted = this.read()[account];
    return encrypted === undefined ? null : this.cipher.decrypt(Buffer.from(encrypted, 'base64'));
  }

  async set(account: string, secret: string): Promise<void> {
    const entries = this.read();
    entries[account] = this.cipher.encrypt(secret).toString('base64');
    this.write(entries);
  }

  async delete(account: string): Promise<boolean> {
    const entries = this.read();
    if (!(account in entries)) return false;
    delete entries[account];
    this.write(entries);
    return true;
  }
}
