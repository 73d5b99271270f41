import { CampaignSettings } from '../../../../shared/campaign-runs';
import { zonedWallTimeToEpoch } from '../../../../shared/dates';
import { fieldErrorsFromZod } from '../../../../shared/result';
import type { FieldErrors } from '../../hooks/live-errors';

/** The send settings as the form holds them (text, as typed). */
export interface SendForm {
  name: string;
  pace: string;
  cap: string;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  startLater: boolean;
  startAt: string;
}

export function initialSendForm(fileName: string, templateName: string): SendForm {
  const base = fileName.replace(/\.[^.]+$/, '').slice(0, 40);
  return { name: `${templateName} – ${base}`.slice(0, 80), pace: '10', cap: '', quiet: false, quietStart: '21:00', quietEnd: '08:00', startLater: false, startAt: '' };
}

/** The settings main takes, or the problems per field. `startAt` is wall time in the business's zone. */
export function toSettings(form: SendForm, timeZone: string, skipNotOnOptInList: boolean, now: number): { settings: CampaignSettings | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let startAt: number | null = null;
  if (form.startLater) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(form.startAt);
    if (!m) errors['startAt'] = ['Choose the day and time to start.'];
    else {
      startAt = zonedWallTimeToEpoch(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])), timeZone);
      if (startAt <= now) errors['startAt'] = ['That time has passed; choose a later one, or start now.'];
    }
  }
  const parsed = CampaignSettings.safeParse({
    name: form.name,
    pacePerSecond: form.pace.trim() === '' ? Number.NaN : Number(form.pace),
    dailyCap: form.cap === '' ? null : Number(form.cap),
    quietHours: form.quiet ? { start: form.quietStart, end: form.quietEnd, timeZone } : null,
    startAt,
    skipNotOnOptInList,
  });
  if (!parsed.success) {
    for (const [key, messages] of Object.entries(fieldErrorsFromZod(parsed.error))) {
      const field = key === 'pacePerSecond' ? 'pace' : key === 'dailyCap' ? 'cap' : key.startsWith('quietHours') ? 'quiet' : key;
      (errors[field] ??= []).push(...messages);
    }
  }
  return { settings: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, errors };
}
