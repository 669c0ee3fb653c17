/**
 * The credentials a pull runs with, as the pull service sees them: the parts of the resolver's explanation a pull
 * shows, and the short phrases failures and notes use to name them.
 */
import type { CredentialSource } from '../../../preload/api';
import type { ImageReference } from '../credentials/reference';
import type { DockerAuthConfig, OneTimeCredentials } from '../credentials/registry-types';

/** The parts of the resolver's explanation a pull shows; `resolveCredentials` returns a superset. */
export interface PullCredentialExplanation {
  source: CredentialSource;
  /** One sentence, without secrets. */
  summary: string;
  /** The same without the image's name (resolve.ts `summarised`). */
  reason: string;
  registry?: { id: string; name: string };
  pattern?: { written: string; expanded: string };
  username?: string;
  configFile?: string;
  helper?: string;
}

export interface PullCredentials {
  readonly explanation: PullCredentialExplanation;
  /** Holds the secret; absent for an anonymous pull. */
  readonly auth?: DockerAuthConfig;
}

/** `CredentialResolver.resolve` / `resolveCredentials` fit this as they are. */
export type ResolvePullCredentials = (image: ImageReference, oneTimeCredentials?: OneTimeCredentials) => Promise<PullCredentials>;

/** Sources whose rejection triggers one anonymous retry: the user did not type these for this pull. */
export const STORED_SOURCES: ReadonlySet<CredentialSource> = new Set(['registry', 'default-registry', 'docker-config', 'credential-helper']);

/** Who the rejected stored credentials belong to, for the note after an anonymous retry. */
export function credentialOwner(explanation: PullCredentialExplanation): string {
  if (explanation.registry !== undefined) return `“${explanation.registry.name}”`;
  if (explanation.source === 'credential-helper') return explanation.helper ?? 'the Docker credential helper';
  return explanation.configFile ? `the Docker config (${explanation.configFile})` : 'the Docker config';
}

/** A short phrase for the failure text; the full sentence goes in the failure's `credential`. */
export function describeCredentialUsed(explanation: PullCredentialExplanation | undefined): string {
  if (explanation === undefined) return 'none chosen yet';
  const account = explanation.username ? ` as ${explanation.username}` : '';
  switch (explanation.source) {
    case 'one-time':
      return 'the one-time credentials given for this pull';
    case 'registry':
      return `stored registry “${explanation.registry?.name ?? '?'}”${explanation.pattern ? ` via pattern ${explanation.pattern.expanded}` : ''}${account}`;
    case 'default-registry':
      return `stored registry “${explanation.registry?.name ?? '?'}”, the default for its host${account}`;
    case 'docker-config':
      return `the Docker config${explanation.configFile ? ` ${explanation.configFile}` : ''}${account}`;
    case 'credential-helper':
      return `${explanation.helper ?? 'a Docker credential helper'}${account}`;
    case 'anonymous':
      return explanation.registry ? `no credentials (stored registry “${explanation.registry.name}” has none)` : 'no credentials (anonymous)';
  }
}
