import type { NumberSource } from '../../../../shared/optins';
import type { FieldErrors } from '../../hooks/live-errors';

/** The opt-in forms' one check before asking main: are there numbers at all? */
export function sourceErrors(source: NumberSource | null): FieldErrors {
  return source ? {} : { source: ['Add at least one number first.'] };
}
