import type { ReactElement, ReactNode } from 'react';

/** A wizard step's foot: why it cannot go on (read out at once), Back, then the step's own buttons. */
export function StepActions({ error, onBack, children }: { error?: string | null; onBack: () => void; children: ReactNode }): ReactElement {
  return (
    <>
      {error ? (
        <p className="form-actions__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={onBack}>
          Back
        </button>
        {children}
      </div>
    </>
  );
}
