/** Times as people read them, in this computer's time zone. Pure. */

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

const startOfDay = (t: number): number => {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

export function dayKey(t: number): number {
  return startOfDay(t);
}

/** "Today", "Yesterday", "Monday", or "3 Mar 2025" for a day separator. */
export function dayLabel(t: number, now = Date.now()): string {
  const days = Math.round((startOfDay(now) - startOfDay(t)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return dayFormat.format(t);
  return dateFormat.format(t);
}

/** A list's time column: the time today, the day this week, the date before. */
export function listTime(t: number, now = Date.now()): string {
  const days = Math.round((startOfDay(now) - startOfDay(t)) / 86_400_000);
  if (days === 0) return timeFormat.format(t);
  if (days === 1) return 'Yesterday';
  if (days < 7 && days > 1) return dayFormat.format(t).slice(0, 3);
  return new Date(t).getFullYear() === new Date(now).getFullYear() ? shortDate.format(t) : dateFormat.format(t);
}

export function clockTime(t: number): string {
  return timeFormat.format(t);
}

export function fullTime(t: number): string {
  return fullFormat.format(t);
}

const zonedFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/**
 * A full time with its zone named ("4 Mar 2025, 10:36:29 AM GMT+11"). The app shows every time
 * in this computer's zone; wherever a whole time is written, the zone says so.
 */
export function fullTimeWithZone(t: number): string {
  return zonedFormat.format(t);
}

/** This computer's time zone, as an IANA name ("Australia/Sydney"). */
export function computerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A time with its day in words, for what happens soon: "today 11:10 PM", "tomorrow 2:33 AM". */
export function dayAndTime(t: number, now = Date.now()): string {
  const days = Math.round((startOfDay(t) - startOfDay(now)) / 86_400_000);
  const time = timeFormat.format(t);
  if (days === 0) return `today ${time}`;
  if (days === 1) return `tomorrow ${time}`;
  if (days === -1) return `yesterday ${time}`;
  return `${shortDate.format(t)} ${time}`;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function ago(t: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - t) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** Local date input value (yyyy-mm-dd) → epoch ms at the start or end of that day. */
export function dateInputToEpoch(value: string, end: boolean): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const d = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (end) d.setHours(23, 59, 59, 999);
  return d.getTime();
}

/** A date without the time: "3 Mar" this year, "3 Mar 2024" before. */
export function shortDay(t: number, now = Date.now()): string {
  return new Date(t).getFullYear() === new Date(now).getFullYear() ? shortDate.format(t) : dateFormat.format(t);
}
