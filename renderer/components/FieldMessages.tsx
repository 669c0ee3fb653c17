import { useId, type ReactNode } from 'react';
import { AlertIcon } from './icons';

/**
 * The error and help lines under a form field, with the ids its control names in `aria-describedby`.
 * One drawing for every field, so they all read and sound the same.
 */
export function FieldMessages({ error, errorId, help, helpId }: { error?: ReactNode; errorId?: string; help?: ReactNode; helpId?: string }) {
  return (
    <>
      {error && (
        <p id={errorId} className="field__error">
          <AlertIcon size={14} />
          <span>{error}</span>
        </p>
      )}
      {help && (
        <p id={helpId} className="field__help">
          {help}
        </p>
      )}
    </>
  );
}

export interface FieldIds {
  /** The control's id: the caller's, or a generated one. */
  inputId: string;
  helpId: string | undefined;
  errorId: string | undefined;
  /** The control's aria-describedby: the error, the help, then whatever the caller named. */
  describedBy: string | undefined;
}

/** The ids that tie a field's control to its label and messages (see FieldMessages), the same for every field. */
export function useFieldIds({ id, help, error, describedBy }: { id?: string; help?: ReactNode; error?: ReactNode; describedBy?: string }): FieldIds {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const helpId = help ? `${inputId}-help` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return { inputId, helpId, errorId, describedBy: [errorId, helpId, describedBy].filter(Boolean).join(' ') || undefined };
}
