import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallRequest, FieldErrors } from '../../preload/api';
import { call } from '../bridge';

type ValidationRequest = CallRequest<'registries.validate'>;

export interface RegistryValidation {
  /** Main's latest answer (for the latest request it answered), field → message. */
  errors: FieldErrors;
  /** What main said about the form as it was opened, before any edit; undefined until it answers. */
  initialErrors: FieldErrors | undefined;
  /** Asks main now, for the final check on save. Rejects with `CallFailedError` when main cannot answer. */
  validateNow: () => Promise<FieldErrors>;
}

const TYPING_PAUSE_MS = 300;

/**
 * Inline validation: asks `registries.validate` once the user pauses, and right away for the form as opened.
 * Answers are applied in the order the questions were asked, so a slow answer to an old question never
 * replaces the answer to a newer one.
 */
export function useRegistryValidation(request: ValidationRequest): RegistryValidation {
  const key = JSON.stringify(request);
  const [initialKey] = useState(key);
  const [answer, setAnswer] = useState<{ sequence: number; errors: FieldErrors } | undefined>(undefined);
  const [initialErrors, setInitialErrors] = useState<FieldErrors | undefined>(undefined);
  const lastSequence = useRef(0);

  const ask = useCallback(
    async (requestKey: string): Promise<FieldErrors> => {
      const sequence = ++lastSequence.current;
      const errors = await call('registries.validate', JSON.parse(requestKey) as ValidationRequest);
      setAnswer((previous) => (previous && previous.sequence > sequence ? previous : { sequence, errors }));
      if (requestKey === initialKey) setInitialErrors((previous) => previous ?? errors);
      return errors;
    },
    [initialKey],
  );

  useEffect(() => {
    const timer = window.setTimeout(
      () => {
        // A failed live check is not worth interrupting typing for; saving reports what is wrong.
        ask(key).catch(() => undefined);
      },
      key === initialKey ? 0 : TYPING_PAUSE_MS,
    );
    return () => window.clearTimeout(timer);
  }, [key, initialKey, ask]);

  const validateNow = useCallback(() => ask(key), [ask, key]);

  return { errors: answer?.errors ?? {}, initialErrors, validateNow };
}
