import type { ReactNode } from 'react';
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
