import crypto from 'node:crypto';
import { maskKey, type AccountStatus, type ConnectionTestResult } from '../../shared/account';
import { AppError } from '../../shared/result';
import type { Settings } from '../../shared/settings';
import { ApiClient, type ApiCredentials } from './api/client';
import type { AppStateStore, SettingsStore } from './db/settings-store';
import type { EventBus } from './events';
import type { Logger, Redactor } from './log';
import { chooseSecretStore, type SecretStoreCandidates, type SecretStoreChoice } from './secrets/choose';
import { isPrivateAddress } from './private-address';

/**
 * The account the app talks to: which API key, where its secret lives, whether the last call
 * worked, and the demo account (the built-in simulator). The secret is loaded into main's memory
 * only; everything that leaves this class is an AccountStatus.
 */

interface StoredAccount {
  mode: 'real' | 'demo';
  key?: string;
}

const ACCOUNT_KEY = 'account';
/** The main thread's connections to the API at most (the sync's thread has its own). */
export const API_CONNECTIONS = 128;
const WEAK_CONSENT_KEY = 'secrets.weakAccepted';

export interface AccountOptions {
  settings: SettingsStore;
  appState: AppStateStore;
  events: EventBus;
  log: Logger;
  redactor: Redactor;
  secretStores: SecretStoreCandidates;
  /** SMSGLOBAL_API_URL: overrides the address in Settings. */
  envBaseUrl?: string | undefined;
  /** Seed and size of the demo data set. */
  demo?: { seed?: number; messages?: number; months?: number };
  /** Per-request API timeout (tests shorten it). */
  apiTimeoutMs?: number;
  /** Starts the demo's API server (the shell and the preview hand in the simulator); absent, there is no demo. */
  startDemoServer?: StartDemoServer | undefined;
}

/** A local SMSGlobal stand-in the demo account talks to. */
export interface DemoServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** The only credentials the server accepts (made up for this run). */
  credentials: ApiCredentials;
  /** The account time zone its dates are written in. */
  timeZone: string;
  seed: number;
  messages: number;
  months: number;
}

export type StartDemoServer = (options: DemoServerOptions) => Promise<DemoServer>;

function errorResult(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'The connection test failed unexpectedly. Details are in the log.' };
}

export class AccountService {
  private choice: SecretStoreChoice | null = null;
  private credentials: ApiCredentials | null = null;
  private mode: AccountStatus['mode'] = 'none';
  private connection: AccountStatus['connection'] = 'unknown';
  private message: string | null = null;
  private checkedAt: number | null = null;
  private simulator: DemoServer | null = null;
  private apiClient: ApiClient | null = null;
  private clientSignature = '';

  constructor(private readonly options: AccountOptions) {}

  /** Loads the stored account and its secret; starts the demo again if it was on. */
  async init(): Promise<void> {
    this.choice = await chooseSecretStore(this.options.secretStores, this.options.appState.read(WEAK_CONSENT_KEY) === true);
    // The keychain's own words ("Cannot autolaunch D-Bus…") help support, not the user: they go to the log.
    if (this.choice.keychainProblem) this.options.log.warn('no keychain answered', { reason: this.choice.keychainProblem });
    const stored = this.options.appState.read(ACCOUNT_KEY) as StoredAccount | undefined;
    if (stored?.mode === 'demo') {
      await this.startDemo();
      return;
    }
    if (stored?.mode === 'real' && stored.key && this.choice.store) {
      try {
        const secret = await this.choice.store.get(stored.key);
        if (secret) this.useCredentials({ key: stored.key, secret }, 'real');
        else {
          this.mode = 'real';
          this.credentials = null;
          this.connection = 'failed';
          this.message = 'The API secret is no longer in the keychain. Enter it again in Settings → Account.';
        }
      } catch (error) {
        this.options.log.warn('could not read the secret', { error });
        this.mode = 'real';
        this.connection = 'failed';
        this.message = 'The keychain did not give the API secret back. Unlock it, then check the connection again.';
      }
    }
  }

  private useCredentials(credentials: ApiCredentials, mode: 'real' | 'demo'): void {
    this.options.redactor.add(credentials.secret);
    this.credentials = credentials;
    this.mode = mode;
    this.connection = 'unknown';
    this.message = null;
  }

  effectiveBaseUrl(settings: Settings = this.options.settings.get()): string {
    if (this.mode === 'demo' && this.simulator) return this.simulator.url;
    return (this.options.envBaseUrl ?? settings.apiBaseUrl).replace(/\/+$/, '');
  }

  /** A stable name for the current account's cache ("demo", or a hash of address and key). */
  accountId(): string | null {
    if (this.mode === 'demo') return 'demo';
    if (this.mode === 'real' && this.credentials) {
      return crypto.createHash('sha256').update(`${this.effectiveBaseUrl()}\n${this.credentials.key}`).digest('hex').slice(0, 16);
    }
    return null;
  }

  isDemo(): boolean {
    return this.mode === 'demo';
  }

  /** True when the API is on this machine or its network (the simulator): media links may be too. */
  isLocalApi(): boolean {
    if (this.mode === 'demo') return true;
    try {
      const host = new URL(this.effectiveBaseUrl()).hostname.replace(/^\[|\]$/g, '');
      return host === 'localhost' || host.endsWith('.localhost') || (/^[\d.:a-f]+$/i.test(host) && isPrivateAddress(host));
    } catch {
      return false;
    }
  }

  status(): AccountStatus {
    const settings = this.options.settings.get();
    return {
      mode: this.mode,
      keyId: this.mode === 'demo' ? 'demo' : this.credentials ? maskKey(this.credentials.key) : this.storedKey() ? maskKey(this.storedKey() as string) : null,
      baseUrl: this.effectiveBaseUrl(settings),
      baseUrlFromEnv: this.mode !== 'demo' && this.options.envBaseUrl !== undefined,
      connection: this.connection,
      message: this.message,
      checkedAt: this.checkedAt,
      secretStorage: this.mode === 'demo' ? { kind: 'memory', detail: 'Demo credentials live in memory only.' } : { kind: this.choice?.kind ?? 'unavailable', detail: this.choice?.detail ?? 'Not checked yet.' },
    };
  }

  private storedKey(): string | undefined {
    return (this.options.appState.read(ACCOUNT_KEY) as StoredAccount | undefined)?.key;
  }

  private emit(): void {
    this.options.events.emit('account.changed', this.status());
  }

  /**
   * The API client for the current account. It is rebuilt when the address, time zone or
   * credentials change, and reuses its keep-alive connections otherwise.
   */
  client(): ApiClient {
    if (!this.credentials) {
      throw new AppError({ code: 'not_configured', message: 'Add your SMSGlobal API key and secret in Settings → Account first.' });
    }
    const settings = this.options.settings.get();
    const baseUrl = this.effectiveBaseUrl(settings);
    const signature = `${baseUrl}\n${settings.timeZone}\n${this.credentials.key}\n${crypto.createHash('sha256').update(this.credentials.secret).digest('hex')}`;
    if (!this.apiClient || signature !== this.clientSignature) {
      void this.apiClient?.close();
      this.apiClient = new ApiClient({
        baseUrl,
        credentials: this.credentials,
        timeZone: settings.timeZone,
        log: this.options.log.child('api'),
        // Campaign sends take at most CAMPAIGN_CONCURRENCY connections and their list reads a few
        // dozen more: replies and everything else always find one free.
        maxConnections: API_CONNECTIONS,
        ...(this.options.apiTimeoutMs ? { timeoutMs: this.options.apiTimeoutMs } : {}),
      });
      this.clientSignature = signature;
    }
    return this.apiClient;
  }

  /** What a client in another thread (the sync worker) needs: the same address, key, secret and zone. */
  clientOptions(): { baseUrl: string; credentials: ApiCredentials; timeZone: string; timeoutMs?: number } {
    if (!this.credentials) {
      throw new AppError({ code: 'not_configured', message: 'Add your SMSGlobal API key and secret in Settings → Account first.' });
    }
    const settings = this.options.settings.get();
    return {
      baseUrl: this.effectiveBaseUrl(settings),
      credentials: { ...this.credentials },
      timeZone: settings.timeZone,
      ...(this.options.apiTimeoutMs ? { timeoutMs: this.options.apiTimeoutMs } : {}),
    };
  }

  /** Other services report how their last API call went, so the indicator stays truthful. */
  reportOutcome(error: unknown): void {
    const before = `${this.connection}|${this.message ?? ''}`;
    if (error === null) {
      this.connection = 'connected';
      this.message = null;
    } else if (error instanceof AppError && (error.code === 'network' || error.code === 'timeout')) {
      this.connection = 'offline';
      this.message = error.message;
    } else if (error instanceof AppError && (error.code === 'auth' || error.code === 'payment_required')) {
      this.connection = 'failed';
      this.message = error.message;
    } else if (error instanceof AppError && error.code === 'server') {
      // Reachable, credentials fine, but every answer is a 5xx (or unreadable): not "Connected".
      this.connection = 'trouble';
      this.message = error.message;
    } else return;
    this.checkedAt = Date.now();
    if (before !== `${this.connection}|${this.message ?? ''}`) this.emit();
  }

  /** Runs the credential check with credentials that are not saved (Settings → Test connection). */
  async test(credentials: ApiCredentials, baseUrl?: string): Promise<ConnectionTestResult> {
    const settings = this.options.settings.get();
    const client = new ApiClient({
      baseUrl: baseUrl ?? this.options.envBaseUrl ?? settings.apiBaseUrl,
      credentials,
      timeZone: settings.timeZone,
      timeoutMs: 15_000,
      maxRetries: 1,
      log: this.options.log.child('api'),
    });
    this.options.redactor.add(credentials.secret);
    try {
      await client.verifyCredentials();
      return { ok: true, code: null, message: `Connected: SMSGlobal accepted this key at ${client.host}.` };
    } catch (error) {
      return { ok: false, ...errorResult(error) };
    } finally {
      await client.close();
    }
  }

  /** Stores the secret in the keychain and the key in the database, then checks the connection. */
  async save(credentials: ApiCredentials, acceptWeakStorage = false): Promise<AccountStatus> {
    if (acceptWeakStorage && this.choice?.kind === 'weak-needs-consent') {
      this.options.appState.write(WEAK_CONSENT_KEY, true);
      this.choice = await chooseSecretStore(this.options.secretStores, true);
    }
    const store = this.choice?.store;
    if (!store) {
      throw new AppError({
        code: 'unavailable',
        message: this.choice?.detail ?? 'The secret cannot be stored: no keychain answered.',
      });
    }
    if (this.mode === 'demo') await this.stopDemo({ silent: true });
    const previous = this.storedKey();
    try {
      await store.set(credentials.key, credentials.secret);
    } catch (error) {
      this.options.log.error('keychain write failed', { error });
      throw new AppError({ code: 'unavailable', message: 'The keychain refused to store the secret. Unlock it and try again.' });
    }
    if (previous && previous !== credentials.key) await store.delete(previous).catch(() => false);
    this.options.appState.write(ACCOUNT_KEY, { mode: 'real', key: credentials.key } satisfies StoredAccount);
    this.useCredentials(credentials, 'real');
    this.emit();
    return this.recheck();
  }

  async recheck(): Promise<AccountStatus> {
    if (!this.credentials) return this.status();
    this.connection = 'checking';
    this.emit();
    try {
      await this.client().verifyCredentials();
      this.reportOutcome(null);
    } catch (error) {
      this.reportOutcome(error);
      if (this.connection === 'checking') {
        this.connection = 'failed';
        this.message = errorResult(error).message;
      }
    }
    this.checkedAt = Date.now();
    this.emit();
    return this.status();
  }

  /** Forgets the account: the secret leaves the keychain, the key leaves the database. */
  async remove(): Promise<AccountStatus> {
    if (this.mode === 'demo') return this.stopDemo();
    const key = this.credentials?.key ?? this.storedKey();
    if (key && this.choice?.store) await this.choice.store.delete(key).catch((error: unknown) => this.options.log.warn('keychain delete failed', { error }));
    if (this.credentials) this.options.redactor.remove(this.credentials.secret);
    this.options.appState.write(ACCOUNT_KEY, null);
    this.resetConnection();
    this.emit();
    return this.status();
  }

  private resetConnection(): void {
    void this.apiClient?.close();
    this.apiClient = null;
    this.credentials = null;
    this.mode = 'none';
    this.connection = 'unknown';
    this.message = null;
    this.checkedAt = null;
  }

  /** Starts the built-in simulator on a free loopback port and connects to it. Nothing leaves the machine. */
  async startDemo(): Promise<AccountStatus> {
    if (this.mode === 'real' && this.credentials) {
      throw new AppError({ code: 'conflict', message: 'Remove your SMSGlobal account in Settings before trying the demo.' });
    }
    if (!this.simulator) {
      const start = this.options.startDemoServer;
      if (!start) throw new AppError({ code: 'unavailable', message: 'This copy of the app has no demo data.' });
      const credentials = { key: `demo-${crypto.randomBytes(4).toString('hex')}`, secret: crypto.randomBytes(24).toString('hex') };
      const demo = this.options.demo ?? {};
      this.simulator = await start({
        credentials,
        timeZone: this.options.settings.get().timeZone,
        seed: demo.seed ?? 7,
        messages: demo.messages ?? 4_000,
        months: demo.months ?? 6,
      });
      this.useCredentials(credentials, 'demo');
    }
    this.options.appState.write(ACCOUNT_KEY, { mode: 'demo' } satisfies StoredAccount);
    this.options.log.info('demo started', { url: this.simulator.url });
    this.connection = 'connected';
    this.checkedAt = Date.now();
    this.emit();
    return this.status();
  }

  async stopDemo(options: { silent?: boolean } = {}): Promise<AccountStatus> {
    if (this.mode !== 'demo') return this.status();
    const simulator = this.simulator;
    this.simulator = null;
    if (this.credentials) this.options.redactor.remove(this.credentials.secret);
    this.resetConnection();
    this.options.appState.write(ACCOUNT_KEY, null);
    await simulator?.close();
    if (!options.silent) this.emit();
    return this.status();
  }

  async close(): Promise<void> {
    await this.apiClient?.close();
    await this.simulator?.close();
  }
}
