/**
 * Field errors that follow the input. A submit shows errors (the form's own checks or the
 * server's answer) for the values of that moment. From then on, a field whose value has changed
 * is checked again as it changes: its error goes as soon as the value is right, or becomes the
 * new problem. A field left as it was keeps its error (a server's refusal of that exact value
 * still holds), and so does an error that belongs to no field, until the next submit.
 */
export type FieldErrors = Record<string, string[]>;

/** Field values are strings, numbers, booleans or short lists of them (template parameters). */
const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

export function liveErrors(shown: FieldErrors, at: Readonly<Record<string, unknown>>, values: Readonly<Record<string, unknown>>, validate: () => FieldErrors): FieldErrors {
  let fresh: FieldErrors | null = null;
  const errors: FieldErrors = {};
  for (const [key, messages] of Object.entries(shown)) {
    const changed = Object.hasOwn(values, key) && !same(values[key], at[key]);
    if (!changed) {
      errors[key] = messages;
      continue;
    }
    fresh ??= validate();
    const now = fresh[key];
    if (now && now.length > 0) errors[key] = now;
  }
  return errors;
}
