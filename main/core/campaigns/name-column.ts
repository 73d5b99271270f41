import { fold } from './phone-column';

/**
 * Which column names the customer, for the report's "search by name": the first whose header
 * says so ("Name", "Full name", "First name", "Customer", "Nombre", "Vorname"…), never the phone
 * column. None is fine: the report then shows the name the app knows for the number.
 */
const NAMES: readonly RegExp[] = [
  /^(?:full |customer |contact |client )?name$|^nom(?:bre)?$|^nome$|^naam$/,
  /\b(?:first ?name|given ?name|vorname|prenom|nombre|name)\b/,
  /^(?:customer|client|kunde|cliente)$/,
];

export function guessNameColumn(columns: readonly string[], phoneColumn: number): number | null {
  const names = columns.map(fold);
  for (const pattern of NAMES) {
    const index = names.findIndex((name, column) => column !== phoneColumn && pattern.test(name));
    if (index >= 0) return index;
  }
  return null;
}
