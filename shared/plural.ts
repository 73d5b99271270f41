/**
 * A count with its noun: "1 conversation", "2,345 conversations", "0 duplicates". The one place
 * the app decides singular or plural, so no screen says "1 conversations". The app's words are
 * English; the digits follow the user's locale.
 */
const numberFormat = new Intl.NumberFormat();

/** The noun alone, for layouts that set the count apart (<strong>3</strong> duplicates). */
export function noun(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${numberFormat.format(count)} ${noun(count, singular, pluralForm)}`;
}
