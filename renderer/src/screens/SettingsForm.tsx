import { useState, type ReactElement, type ReactNode } from 'react';
import type { Settings } from '../../../shared/settings';
import { useSettings } from '../stores/settings';

/** What the Settings screen's forms share: saving a patch with per-field errors, and the save row. */

export type Errors = Record<string, string[]>;

export function useSaver(): { errors: Errors; saved: boolean; saving: boolean; save: (patch: Partial<Settings>) => Promise<boolean> } {
  const update = useSettings((s) => s.update);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  return {
    errors,
    saved,
    saving,
    async save(patch) {
      setSaving(true);
      setSaved(false);
      const result = await update(patch);
      setSaving(false);
      setErrors(result);
      const ok = Object.keys(result).length === 0;
      setSaved(ok);
      return ok;
    },
  };
}

/** The submit button, then any other actions, then "Saved" or the form-wide error. */
export function SaveRow({ saving, saved, errors, label, children }: { saving: boolean; saved: boolean; errors: Errors; label: string; children?: ReactNode }): ReactElement {
  return (
    <div className="form-actions">
      <button type="submit" className="button button--primary" disabled={saving}>
        {saving ? 'Saving…' : label}
      </button>
      {children}
      {saved ? (
        <span className="form-actions__status" role="status">
          Saved
        </span>
      ) : null}
      {errors['_'] ? (
        <span className="form-actions__error" role="alert">
          {errors['_'].join(' ')}
        </span>
      ) : null}
    </div>
  );
}
