import { useEffect, useState } from 'react';
import type { CredentialExplanation } from '../../preload/api';
import { call, CallFailedError } from '../bridge';
import { useDebouncedValue } from './useDebouncedValue';

export type ExplanationState =
  | { status: 'idle' }
  /** `previous` is the last answer, kept on screen so the line does not flicker while the user types. */
  | { status: 'loading'; previous: CredentialExplanation | undefined }
  | { status: 'ready'; explanation: CredentialExplanation }
  /** Main refused the image itself (REFERENCE_EMPTY, REFERENCE_INVALID): `error.message` says why. */
  | { status: 'invalid'; error: CallFailedError }
  | { status: 'error'; error: CallFailedError };

interface Answer {
  key: string;
  explanation?: CredentialExplanation;
  error?: CallFailedError;
}

const DEBOUNCE_MS = 250;

/** Which credentials a pull of `image` would use, asked of main while the user types (debounced). */
export function useCredentialExplanation(image: string, withOneTimeCredentials: boolean): ExplanationState {
  const trimmed = image.trim();
  const key = JSON.stringify([trimmed, withOneTimeCredentials]);
  const settledKey = useDebouncedValue(key, DEBOUNCE_MS);
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  const [lastGood, setLastGood] = useState<CredentialExplanation | undefined>(undefined);

  useEffect(() => {
    const [askedImage, askedWithOneTime] = JSON.parse(settledKey) as [string, boolean];
    if (askedImage === '') return;
    let current = true;
    call('registries.explain', { image: askedImage, withOneTimeCredentials: askedWithOneTime }).then(
      (explanation) => {
        if (!current) return;
        setAnswer({ key: settledKey, explanation });
        setLastGood(explanation);
      },
      (error: unknown) => {
        if (!current) return;
        setAnswer({ key: settledKey, error: error instanceof CallFailedError ? error : new CallFailedError('registries.explain', 'RENDERER', String(error)) });
      },
    );
    return () => {
      current = false;
    };
  }, [settledKey]);

  if (trimmed === '') return { status: 'idle' };
  if (answer?.key !== key) return { status: 'loading', previous: lastGood };
  if (answer.explanation) return { status: 'ready', explanation: answer.explanation };
  const error = answer.error ?? new CallFailedError('registries.explain', 'RENDERER', 'No answer');
  return error.code.startsWith('REFERENCE_') ? { status: 'invalid', error } : { status: 'error', error };
}
