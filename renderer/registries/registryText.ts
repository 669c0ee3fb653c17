/**
 * How registry facts read on screen. Wording only: every fact shown here was decided by main.
 */
import type { CredentialExplanation, DockerConfigEntry, RegistryView } from '../../preload/api';

/** The headline of "Which credentials will this image use?": where the credentials come from. */
export function credentialSourceHeadline(explanation: CredentialExplanation): string {
  switch (explanation.source) {
    case 'registry':
      return `Stored registry “${explanation.registry?.name ?? 'unknown'}”`;
    case 'default-registry':
      return `Default registry of ${explanation.host}`;
    case 'docker-config':
      return explanation.configFile ? `Docker config (${explanation.configFile})` : 'Docker config';
    case 'credential-helper':
      return `Credential helper ${explanation.helper ?? ''}`.trim();
    case 'one-time':
      return 'One-time credentials';
    case 'anonymous':
      return 'Anonymous';
  }
}

/** "alice · Password stored", or "Anonymous" when the registry holds no credentials. */
export function credentialStatus(registry: Pick<RegistryView, 'username' | 'hasSecret'>): string {
  if (!registry.username) return registry.hasSecret ? 'Password stored' : 'Anonymous';
  return `${registry.username} · ${registry.hasSecret ? 'Password stored' : 'No password stored'}`;
}

export const outcomeLabel: Record<CredentialExplanation['considered'][number]['outcome'], string> = {
  chosen: 'Chosen',
  lost: 'Lost',
  'no-match': 'No match',
};

/** Where the Docker config mentions a host, and which helper it would ask: "credsStore · docker-credential-desktop". */
export function dockerConfigOrigin(entry: DockerConfigEntry): string {
  const helper = entry.helper ? `docker-credential-${entry.helper.replace(/^docker-credential-/, '')}` : undefined;
  return [entry.settings.join(', '), helper].filter(Boolean).join(' · ');
}

/** Main's reasons start lower-case so they can follow a name; standing alone they read better capitalised. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
