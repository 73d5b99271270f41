/**
 * A typed search for lists filtered by name, text or number: `like` for LIKE … ESCAPE '\'
 * ("%ana%", with % _ \ taken literally), and `digits` to find inside numbers (a character no
 * number holds when the search has no digit, so it matches nothing).
 */
export function likeFilterParams(filter: string): { like: string; digits: string } {
  return { like: `%${filter.replace(/[%_\\]/g, (c) => `\\${c}`)}%`, digits: filter.replace(/\D/g, '') || '\u0000' };
}
