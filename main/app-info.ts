/** What `app.info` answers in the desktop app. */
import type { AppInfo } from '../preload/api';
import { describeSecretStorage, type SecretCipher } from './core/secrets/cipher';

export interface ElectronAppFacts {
  name: string;
  version: string;
  platform: string;
  arch: string;
  versions: { node: string; electron?: string; chrome?: string };
}

export function electronAppInfo(facts: ElectronAppFacts, cipher: Pick<SecretCipher, 'kind' | 'backend' | 'overdue'>): AppInfo {
  return {
    name: facts.name,
    version: facts.version,
    runtime: 'electron',
    platform: facts.platform,
    arch: facts.arch,
    versions: facts.versions,
    secretStorage: {
      kind: cipher.kind,
      ...(cipher.backend === undefined ? {} : { backend: cipher.backend }),
      description: describeSecretStorage(cipher),
    },
  };
}
