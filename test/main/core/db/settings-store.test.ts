import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../shared/settings';
import { testServices } from '../../../helpers/services';
import { tempDir } from '../../../helpers/temp';

describe('SettingsStore', () => {
  it('starts from the defaults and persists updates across restarts', async () => {
    const dir = tempDir();
    const first = (await testServices(dir)).services;
    expect(first.settings.get()).toEqual(DEFAULT_SETTINGS);
    first.settings.update({ theme: 'dark', defaultCountry: 'gb', timeZone: 'Europe/London' });
    await first.close();

    const second = (await testServices(dir)).services;
    expect(second.settings.get()).toMatchObject({ theme: 'dark', defaultCountry: 'GB', timeZone: 'Europe/London' });
  });

  it('writes nothing when any field of a patch is invalid', async () => {
    const { services } = await testServices();
    expect(() => services.settings.update({ theme: 'light', timeZone: 'Mars/Olympus' })).toThrow();
    expect(services.settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses to re-check delivery status for 0 days, and says what 0 would mean', async () => {
    const { services } = await testServices();
    expect(() => services.settings.update({ statusRecheckDays: 0 })).toThrow(/at least 1 day: with 0, messages sent before the last sync would never update/);
    expect(services.settings.update({ statusRecheckDays: 1 }).statusRecheckDays).toBe(1);
  });

  it('keeps the keyword lists tidy and refuses a word in both lists, changing nothing', async () => {
    const { services } = await testServices();
    services.settings.update({ optOutKeywords: ['STOP', ' pare ', 'stop', ''] });
    expect(services.settings.get().optOutKeywords).toEqual(['STOP', 'pare']);
    expect(() => services.settings.update({ theme: 'dark', optInKeywords: ['START', 'Paré'] })).toThrow('“Paré” is in both lists; keep it in one of them.');
    expect(services.settings.get()).toMatchObject({ theme: DEFAULT_SETTINGS.theme, optInKeywords: DEFAULT_SETTINGS.optInKeywords });
  });

  it('falls back to the default for a stored value that no longer validates', async () => {
    const { services, logLines } = await testServices();
    services.db.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"sepia\"'), ('timeZone', 'not json')").run();
    expect(services.settings.get().theme).toBe(DEFAULT_SETTINGS.theme);
    expect(services.settings.get().timeZone).toBe(DEFAULT_SETTINGS.timeZone);
    expect(logLines.join('')).toContain('setting reset to its default');
  });
});
