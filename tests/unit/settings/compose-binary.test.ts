import { describe, expect, it } from 'vitest';
import { calls } from '../../../preload/api';

describe('settings the renderer may change', () => {
  it('never include the compose program, which main would execute', () => {
    const parsed = calls['settings.update'].request.safeParse({ composeBinary: '/tmp/evil' });
    // Unknown keys are stripped, so the request can never carry a program path to main.
    expect(parsed.success && 'composeBinary' in parsed.data).toBe(false);
  });
});
