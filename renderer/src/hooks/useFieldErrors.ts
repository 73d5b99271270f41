import { useState } from 'react';
import { liveErrors, type FieldErrors } from './live-errors';

export type { FieldErrors };

/**
 * A form's field errors, re-checked as the user fixes them (see live-errors.ts). `values` maps
 * each error key to what its field holds now; `validate` is the form's own check of all fields.
 * `show` records errors against the values of the render it comes from: call the one of the
 * submit's render, also after an await, so a server's answer is held against what was sent.
 */
export function useFieldErrors(
  values: Readonly<Record<string, unknown>>,
  validate: () => FieldErrors,
): { errors: FieldErrors; show: (errors: FieldErrors) => void; clear: () => void } {
  const [state, setState] = useState<{ shown: FieldErrors; at: Readonly<Record<string, unknown>> }>({ shown: {}, at: {} });
  return {
    errors: liveErrors(state.shown, state.at, values, validate),
    show: (shown) => setState({ shown, at: values }),
    clear: () => setState({ shown: {}, at: {} }),
  };
}
