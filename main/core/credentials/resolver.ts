/**
 * Credential resolution over the stored registries: keeps one compiled index (rebuilt only when the registries
 * change, so each lookup is cheap), decrypts a secret only for the registry a pull actually uses, and shapes
 * explanations for the screen that asks "Which credentials will this image use?".
 */
import type { CredentialExplanation as ExplanationView } from '../../../preload/api';
import type { ProcessRunner } from '../docker-config';
import { createCredentialIndex, type CredentialIndex } from './credential-index';
import { explainCredentials, resolveCredentials, type CredentialExplanation, type CredentialResolution } from './resolve';
import type { ImageReference } from './reference';
import type { OneTimeCredentials } from './registry-types';
import type { RegistryService } from '../registries/service';

export interface CredentialResolverOptions {
  registries: RegistryService;
  /** The "Docker config path" setting, read at each lookup so a change applies at once. */
  dockerConfigPath: () => string | undefined;
  env?: NodeJS.ProcessEnv;
  runHelper?: ProcessRunner;
}

export class CredentialResolver {
  private index: CredentialIndex;

  constructor(private readonly options: CredentialResolverOptions) {
    this.index = createCredentialIndex(options.registries.records());
    options.registries.onChange(() => {
      this.index = createCredentialIndex(options.registries.records());
    });
  }

  /** For a pull: the explanation plus, separately, the auth config holding the secret. */
  resolve(image: string | ImageReference, oneTimeCredentials?: OneTimeCredentials): Promise<CredentialResolution> {
    return resolveCredentials(image, { ...this.context(), oneTimeCredentials });
  }

  /** For the UI: never decrypts a stored secret. */
  async explain(image: string, withOneTimeCredentials = false): Promise<ExplanationView> {
    const oneTimeCredentials = withOneTimeCredentials ? { username: 'one-time', password: 'not-used-for-explaining' } : undefined;
    return toView(await explainCredentials(image, { ...this.context(), oneTimeCredentials }));
  }

  private context() {
    return {
      registries: this.index,
      getSecret: (id: string) => this.options.registries.secretFor(id),
      dockerConfigPath: this.options.dockerConfigPath(),
      env: this.options.env,
      runHelper: this.options.runHelper,
    };
  }
}

function toView(explanation: CredentialExplanation): ExplanationView {
  return {
    reference: explanation.reference,
    host: explanation.host,
    source: explanation.source,
    summary: explanation.summary,
    registry: explanation.registry,
    pattern: explanation.pattern ? { written: explanation.pattern.written, expanded: explanation.pattern.expanded } : undefined,
    configFile: explanation.configFile,
    helper: explanation.helper,
    username: explanation.source === 'one-time' ? undefined : explanation.username,
    considered: explanation.considered.map((candidate) => ({
      registry: candidate.registry,
      patterns: candidate.patterns.map((pattern) => ({
        written: pattern.written,
        expanded: pattern.expanded ?? `${pattern.written} (invalid: ${pattern.problem ?? 'no longer valid'})`,
        matched: pattern.matches,
      })),
      outcome: candidate.used ? 'chosen' : candidate.matched ? 'lost' : 'no-match',
      reason: candidate.reason,
    })),
  };
}
