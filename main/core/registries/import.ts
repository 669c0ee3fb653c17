/**
 * "Import from Docker": lists what the user's Docker config knows (no secrets) and copies the chosen hosts into
 * the encrypted store, reading each secret through the same lookup a pull uses (credential helpers included).
 */
import { listDockerConfigRegistries, readDockerConfigCredential, type DockerConfigOptions } from '../docker-config';
import type { RegistryView } from '../../../preload/api';
import type { RegistryService } from './service';

export interface DockerConfigListing {
  file: string;
  exists: boolean;
  entries: Array<{ host: string; settings: Array<'auths' | 'credHelpers' | 'credsStore'>; helper?: string; username?: string; existingRegistry?: string }>;
  problems: string[];
}

export async function listImportable(registries: RegistryService, options: DockerConfigOptions): Promise<DockerConfigListing> {
  const listing = await listDockerConfigRegistries(options);
  const stored = registries.list();
  return {
    file: listing.configFile,
    exists: listing.configExists,
    problems: listing.problems,
    entries: listing.registries.map((entry) => ({
      host: entry.host,
      settings: entry.settings,
      helper: entry.helper,
      username: entry.username,
      existingRegistry: stored.find((registry) => registry.address === entry.host && registry.hasSecret)?.name,
    })),
  };
}

export async function importFromDocker(
  hosts: readonly string[],
  registries: RegistryService,
  options: DockerConfigOptions,
): Promise<{ imported: RegistryView[]; skipped: Array<{ host: string; reason: string }> }> {
  const imported: RegistryView[] = [];
  const skipped: Array<{ host: string; reason: string }> = [];
  for (const host of hosts) {
    const existing = registries.list().find((registry) => registry.address === host && registry.hasSecret);
    if (existing) {
      skipped.push({ host, reason: `Already stored as "${existing.name}".` });
      continue;
    }
    let credential;
    try {
      credential = await readDockerConfigCredential(host, options);
    } catch (error) {
      skipped.push({ host, reason: error instanceof Error ? error.message : 'The Docker config could not be read.' });
      continue;
    }
    if (!credential) {
      skipped.push({ host, reason: 'The Docker config has no credentials for this registry any more.' });
      continue;
    }
    if (credential.secretKind === 'identity-token' || !credential.username) {
      skipped.push({
        host,
        reason: 'Docker holds an identity token (from a browser sign-in) for this registry, which cannot be reused here. Add the registry with a username and an access token instead.',
      });
      continue;
    }
    try {
      imported.push(
        await registries.add({
          name: uniqueName(`${host} (from Docker)`, registries),
          address: host,
          username: credential.username,
          secret: credential.secret,
          patterns: [],
          isDefault: false,
        }),
      );
    } catch (error) {
      skipped.push({ host, reason: error instanceof Error ? error.message : 'It could not be stored.' });
    }
  }
  return { imported, skipped };
}

function uniqueName(base: string, registries: RegistryService): string {
  const taken = new Set(registries.list().map((registry) => registry.name.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base} ${n}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
