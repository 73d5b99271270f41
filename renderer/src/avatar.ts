import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * What a contact's avatar shows, derived from the number so it stays the same everywhere: a
 * colour (hue) that tells numbers apart at a glance, the initials of a name, and for a number
 * without a name the country it belongs to. Pure.
 */
export interface AvatarLook {
  /** 0–359, from the number's digits. */
  hue: number;
  /** One or two letters of the name; null for an unnamed number (the avatar shows a person). */
  initials: string | null;
  /** ISO region of the number ("AU"), or its calling code ("+999") when the app knows no region. */
  region: string | null;
}

/** FNV-1a over the digits: cheap, stable and spreads neighbouring numbers over the wheel. */
function hueOf(contact: string): number {
  let hash = 0x811c9dc5;
  for (const char of contact) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 360;
}

/** The first letter or digit of a word, by code point (never half an emoji, never a control character). */
function firstSymbol(word: string): string {
  return Array.from(word).find((c) => /[\p{L}\p{N}]/u.test(c)) ?? '';
}

export function nameInitials(name: string): string | null {
  const words = name.split(/\s+/).map(firstSymbol).filter((c) => c !== '');
  if (words.length === 0) return null;
  const first = words[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1] ?? '') : '';
  return (first + last).toUpperCase();
}

export function regionOf(contact: string): string | null {
  if (!/^\d{6,15}$/.test(contact)) return null;
  const parsed = parsePhoneNumberFromString(`+${contact}`);
  if (!parsed) return null;
  return parsed.country ?? `+${parsed.countryCallingCode}`;
}

export function avatarLook(name: string | null, contact: string): AvatarLook {
  const initials = name ? nameInitials(name) : null;
  return { hue: hueOf(contact), initials, region: initials === null ? regionOf(contact) : null };
}
