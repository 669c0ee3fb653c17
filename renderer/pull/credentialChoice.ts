/**
 * The one line above the Pull button that says which credentials main will use. Main decides and explains
 * (`registries.explain`); this only turns its structured answer into a short sentence.
 */
import type { CredentialExplanation } from '../../preload/api';

export function describeCredentialChoice(explanation: CredentialExplanation, oneTimeUsername: string): string {
  const as = explanation.username ? ` as ${explanation.username}` : '';
  switch (explanation.source) {
    case 'one-time':
      return `Will use the one-time credentials you entered${oneTimeUsername ? ` (${oneTimeUsername})` : ''}`;
    case 'registry': {
      const name = explanation.registry ? `“${explanation.registry.name}”` : '';
      const pattern = explanation.pattern?.expanded ? ` (pattern ${explanation.pattern.expanded})` : ' (whole registry)';
      return `Will use stored registry ${name}${pattern}${as}`;
    }
    case 'default-registry':
      return `Will use “${explanation.registry?.name ?? explanation.host}”, the default registry for ${explanation.host}${as}`;
    case 'credential-helper':
      return `Will use credential helper ${explanation.helper ?? 'from your Docker config'}${as}`;
    case 'docker-config':
      return `Will use your Docker config${explanation.configFile ? ` (${explanation.configFile})` : ''}${as}`;
    case 'anonymous':
      // A matching registry without credentials means "anonymous on purpose": name it, so it is not a surprise.
      return explanation.registry
        ? `Will pull anonymously (stored registry “${explanation.registry.name}” has no credentials)`
        : 'Will pull anonymously';
  }
}

/** Half-filled one-time credentials (e.g. the password was cleared after a pull started): say what is missing. */
export function describeIncompleteOneTime(oneTimeUsername: string): string {
  return oneTimeUsername
    ? `Type the password for ${oneTimeUsername} to pull with one-time credentials — or clear the username to use the stored choice`
    : 'Type the username that goes with this password to pull with one-time credentials — or clear the password to use the stored choice';
}
