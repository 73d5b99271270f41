import { useId, type ReactElement, type ReactNode } from 'react';

/**
 * A labelled form field with its hint and error. The control is rendered by the caller through
 * a render prop so it gets the ids it must reference (label, description, invalid state).
 */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

export function Field(props: {
  label: string;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  children: (control: FieldControlProps) => ReactNode;
  className?: string;
}): ReactElement {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasError = (props.errors?.length ?? 0) > 0;
  const describedBy = [props.hint ? hintId : null, hasError ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${hasError ? 'field--invalid' : ''} ${props.className ?? ''}`}>
      <label className="field__label" htmlFor={id}>
        {props.label}
      </label>
      {props.children({ id, 'aria-describedby': describedBy, 'aria-invalid': hasError || undefined })}
      {props.hint ? (
        <div className="field__hint" id={hintId}>
          {props.hint}
        </div>
      ) : null}
      {hasError ? (
        <div className="field__error" id={errorId} role="alert">
          {props.errors?.join(' ')}
        </div>
      ) : null}
    </div>
  );
}
