/** The Registries screen's "Test": a rejected login advises editing that registry, by name — not docker login. */
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { RegistryService } from '../../../main/core/registries/service';
import { MemoryCipher } from '../../../main/core/secrets/cipher';
import { openSettings } from '../../support/settings';

describe('registry Test failures', () => {
  it('advise editing the registry that was tested', async () => {
    const registries = new RegistryService({
      settings: openSettings(),
      cipher: new MemoryCipher(),
      docker: () =>
        ({
          checkAuth: () => Promise.reject(Object.assign(new Error('(HTTP code 401) unexpected - unauthorized: incorrect username or password'), { statusCode: 401 })),
        }) as unknown as Docker,
    });
    const added = await registries.add({ name: 'Bench Alice', address: '127.0.0.1:5002', username: 'alice', secret: 'wrong', patterns: [], isDefault: false });
    const result = await registries.check(added.id);
    expect(result).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    // Said beside the registry's own Edit and Test buttons: not "in Registries … then use Test there".
    expect(result.message).toContain('Edit “Bench Alice”: check its username, and enter a current password or token, then Test again.');
    expect(result.message).not.toContain('in Registries');
    expect(result.message).not.toMatch(/docker login|one-time/);
  });
});
