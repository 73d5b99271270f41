import { keywordClash } from '../../../shared/optouts';
import { AppError } from '../../../shared/result';
import { DEFAULT_SETTINGS, Settings, SettingsPatch } from '../../../shared/settings';
import type { Db } from './database';
import type { Logger } from '../log';

/**
 * User preferences as one JSON value per key. Reading tolerates rows written by other versions:
 * a value that no longer validates falls back to its default instead of breaking start-up.
 */
export class SettingsStore {
  private readonly selectAll;
  private readonly upsert;
  /**
   * This store is the only writer of its table, so the parsed settings are kept until it writes:
   * parsing and validating every key costs milliseconds, and the sync, the send pipeline and the
   * campaign check ask for settings on every batch.
   */
  private cached: Settings | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {
    this.selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
    this.upsert = db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  /** The settings, frozen: callers share one object, so none may change it. */
  get(): Settings {
    this.cached ??= freezeSettings(this.read());
    return this.cached;
  }

  private read(): Settings {
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const row of this.selectAll.all()) {
      if (!Object.hasOwn(DEFAULT_SETTINGS, row.key)) continue;
      try {
        merged[row.key] = JSON.parse(row.value);
      } catch {
        this.log.warn('ignoring unreadable setting', { key: row.key });
      }
    }
    const shape = Settings.shape;
    const settings: Record<string, unknown> = {};
    for (const key of Object.keys(shape) as (keyof Settings)[]) {
      const parsed = shape[key].safeParse(merged[key]);
      if (parsed.success) settings[key] = parsed.data;
      else {
        this.log.warn('setting reset to its default', { key });
        settings[key] = DEFAULT_SETTINGS[key];
      }
    }
    return Settings.parse(settings);
  }

  /** Validates the whole patch first; nothing is written unless every field is valid. */
  update(patch: SettingsPatch): Settings {
    const valid = SettingsPatch.parse(patch);
    this.refuseKeywordClash(valid);
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(valid)) {
        if (value !== undefined) this.upsert.run(key, JSON.stringify(value));
      }
    })();
    this.cached = null;
    return this.get();
  }

  /** A word in both keyword lists would make the ledger's answer depend on which list wins. */
  private refuseKeywordClash(valid: SettingsPatch): void {
    if (valid.optOutKeywords === undefined && valid.optInKeywords === undefined) return;
    const current = this.get();
    const clash = keywordClash({ optOut: valid.optOutKeywords ?? current.optOutKeywords, optIn: valid.optInKeywords ?? current.optInKeywords });
    if (clash === null) return;
    const message = `“${clash}” is in both lists; keep it in one of them.`;
    throw new AppError({ code: 'validation', message, fields: { optInKeywords: [message] } });
  }
}

function freezeSettings(settings: Settings): Settings {
  for (const value of Object.values(settings)) if (typeof value === 'object' && value !== null) Object.freeze(value);
  return Object.freeze(settings);
}

/** Small internal values (window bounds…) that are not user preferences. */
export class AppStateStore {
  private readonly select;
  private readonly upsert;

  constructor(db: Db) {
    this.select = db.prepare<[string], { value: string }>('SELECT value FROM app_state WHERE key = ?');
    this.upsert = db.prepare<[string, string]>(
      'INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  read(key: string): unknown {
    const row = this.select.get(key);
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as unknown;
    } catch {
      return undefined;
    }
  }

  write(key: string, value: unknown): void {
    this.upsert.run(key, JSON.stringify(value));
  }
}
