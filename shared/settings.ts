import { z } from 'zod';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS, KeywordList } from './optouts';

/** Non-secret preferences, persisted in SQLite by main. The API secret is never a setting. */

const countries = new Set<string>(getCountries());

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

export const CountryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((value) => countries.has(value), { message: 'Choose a country from the list.' })
  .transform((value) => value as CountryCode);

export function isValidTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = z
  .string()
  .trim()
  .min(1, 'Choose a time zone.')
  .refine(isValidTimeZone, { message: 'Unknown time zone; use an IANA name such as Australia/Sydney.' });

/** Only http(s) API hosts; the simulator runs on http://127.0.0.1. */
export const ApiBaseUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the API address.')
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
      } catch {
        return false;
      }
    },
    { message: 'Enter an http or https address, such as https://api.smsglobal.com.' },
  )
  .transform((value) => value.replace(/\/+$/, ''));

export const DEFAULT_API_BASE_URL = 'https://api.smsglobal.com';

export const Settings = z.object({
  theme: Theme,
  /** Country assumed for numbers typed without a country code. */
  defaultCountry: CountryCodeSchema,
  /** The SMSGlobal account's time zone: the API reads and writes list dates in it. */
  timeZone: TimeZoneSchema,
  apiBaseUrl: ApiBaseUrlSchema,
  /** Minutes between background syncs; 0 turns the timer off. */
  syncIntervalMinutes: z
    .number({ error: 'Enter a number of minutes.' })
    .int('Use whole minutes.')
    .min(0, 'Use 0 or more minutes.')
    .max(1440, 'At most 1440 minutes (one day).'),
  /** How many days of outgoing messages each sync re-reads to pick up status changes. */
  statusRecheckDays: z
    .number({ error: 'Enter a number of days.' })
    .int('Use whole days.')
    // 0 would re-read only what the last sync already read: messages sent earlier would never
    // show that they were delivered or read.
    .min(1, 'Use at least 1 day: with 0, messages sent before the last sync would never update to delivered or read.')
    .max(90, 'At most 90 days.'),
  /** A system notification for new customer messages while the app is in the background. */
  notifications: z.boolean({ error: 'Choose on or off.' }),
  /** An incoming message that is only one of these words opts its number out (see shared/optouts.ts). */
  optOutKeywords: KeywordList,
  /** …and one of these opts it back in. */
  optInKeywords: KeywordList,
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.input<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  defaultCountry: 'AU',
  timeZone: 'Australia/Sydney',
  apiBaseUrl: DEFAULT_API_BASE_URL,
  syncIntervalMinutes: 5,
  statusRecheckDays: 7,
  notifications: true,
  optOutKeywords: [...DEFAULT_OPT_OUT_KEYWORDS],
  optInKeywords: [...DEFAULT_OPT_IN_KEYWORDS],
};

/** Country codes for pickers, sorted by their English name. */
export function countryOptions(): { code: CountryCode; name: string }[] {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
