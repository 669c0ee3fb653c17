/**
 * Credential resolution over the stored registries: keeps one compiled index (rebuilt only when the registries
 * change, so each lookup is cheap), decrypts a secret only for the registry a pull actually uses, and shapes
 * explanations for the screen that asks "Which credentials will this image use?".
 */
import type { CredentialExplanation as ExplanationView } from '../../../preload/api';
import type { DockerConfigLookups, ProcessRunner } from '../docker-config';
import { createCredentialIndex } from './credential-index';
import { explainCredentials, resolveCredentials, type CredentialExplanation, type CredentialResolution, type ResolutionContext } from './resolve';
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
  /**
   * One context for every lookup, its index swapped when the registries change: a pull does not build a context.
   * The Docker config path is read only when a lookup gets that far (a getter), so a change still applies at once.
   */
  private readonly context: ResolutionContext;

  constructor(options: CredentialResolverOptions) {
    const registries = options.registries;
    let index = createCredentialIndex(registries.records());
    registries.onChange(() => {
      index = createCredentialIndex(registries.records());
    });
    this.context = {
      get registries() {
        return index;
      },
      getSecret: (id: string) => registries.secretFor(id),
      get dockerConfigPath() {
        return options.dockerConfigPath();
      },
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.runHelper === undefined ? {} : { runHelper: options.runHelper }),
    };
  }

  /**
   * For a pull: the explanation (built when read) plus, separately, the auth config holding the secret.
   * `dockerConfigLookups`: shared by a batch of resolutions (an update check), which then reads the Docker config once per host.
   */
  resolve(image: string | ImageReference, oneTimeCredentials?: OneTimeCredentials, dockerConfigLookups?: DockerConfigLookups): Promise<CredentialResolution> {
    const context = oneTimeCredentials === undefined ? this.context : this.withOneTime(oneTimeCredentials);
    return resolveCredentials(image, dockerConfigLookups === undefined ? context : { ...context, dockerConfigLookups });
  }

  /** For the UI: never decrypts a stored secret. */
  async explain(image: string, withOneTimeCredentials = false): Promise<ExplanationView> {
    const context = withOneTimeCredentials ? this.withOneTime({ username: 'one-time', password: 'not-used-for-explaining' }) : this.context;
    return toView(await explainCredentials(image, context));
  }

  /** The shared context with this pull's one-time credentials (spreading reads the getters' current values). */
  private withOneTime(oneTimeCredentials: OneTimeCredentials): ResolutionContext {
    return { ...this.context, oneTimeCredentials };
  }
}

function toView(explanation: CredentialExplanation): ExplanationView {
  return {
    reference: explanation.reference,
    host: explanation.host,
    source: explanation.source,
    summary: explanation.summary,
    reason: explanation.reason,
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
