import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../shared/settings';
import { testServices } from '../../../helpers/services';
import { tempDir } from '../../../helpers/temp';

describe('SettingsStore', () => {
  it('starts from the defaults and persists updates across restarts', () => {
    const dir = tempDir();
    const first = testServices(dir).services;
    expect(first.settings.get()).toEqual(DEFAULT_SETTINGS);
    first.settings.update({ theme: 'dark', defaultCountry: 'gb', timeZone: 'Europe/London' });
    first.close();

    const second = testServices(dir).services;
    expect(second.settings.get()).toMatchObject({ theme: 'dark', defaultCountry: 'GB', timeZone: 'Europe/London' });
  });

  it('writes nothing when any field of a patch is invalid', () => {
    const { services } = testServices();
    expect(() => services.settings.update({ theme: 'light', timeZone: 'Mars/Olympus' })).toThrow();
    expect(services.settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('falls back to the default for a stored value that no longer validates', () => {
    const { services, logLines } = testServices();
    services.db.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"sepia\"'), ('timeZone', 'not json')").run();
    expect(services.settings.get().theme).toBe(DEFAULT_SETTINGS.theme);
    expect(services.settings.get().timeZone).toBe(DEFAULT_SETTINGS.timeZone);
    expect(logLines.join('')).toContain('setting reset to its default');
  });
});
