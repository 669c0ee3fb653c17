/**
 * Preflight: before anything runs, what a deploy will do for each service — the canonical image, which
 * credentials its pull will use and why, whether the engine already has it, and the planned action — and every
 * problem that would stop the deploy.
 */
import type { CredentialExplanation } from '../../../preload/api';
import { messageOf } from '../failures';
import { parsePlatform, platformSatisfies } from '../pull/platform';
import type { ComposeProblem, ComposeProject, ComposeService } from './reader';

export type PlannedAction = 'pull' | 'use-local' | 'build' | 'pull-or-build' | 'none';

export interface LocalImage {
  id: string;
  os?: string;
  architecture?: string;
  variant?: string;
}

export interface PreflightDependencies {
  /** "Which credentials will this image use?" — never decrypts a secret. */
  explain(image: string): Promise<CredentialExplanation>;
  /** The engine's image, or undefined when it has none by that reference. Throws when the engine cannot answer. */
  inspectImage(reference: string): Promise<LocalImage | undefined>;
}

export interface PreflightService {
  service: string;
  /** What the container will run: the image as written, or the name compose gives a built image. */
  image: string;
  /** Canonical reference when the image is pulled from a registry. */
  canonical?: string;
  /** What is asked of the engine when pulling (`host/path:tag` or `host/path@digest`). */
  pullReference?: string;
  build: boolean;
  pullPolicy?: string;
  platform?: string;
  credential?: CredentialExplanation;
  /** Whether the engine has the image (for this platform); undefined when it could not be asked. */
  local?: boolean;
  localImageId?: string;
  action: PlannedAction;
  /** Why this action, in a sentence. */
  reason: string;
  /** The texts as written, shown instead of values from Stevedore's environment (see ComposeService.shown). */
  shown?: { image?: string; platform?: string };
}

export interface Preflight {
  project: ComposeProject;
  services: PreflightService[];
  /** The file's problems plus those found here; any error-level one stops a deploy. */
  problems: ComposeProblem[];
  ok: boolean;
}

export interface PreflightOptions {
  /** A redeploy pulls every pullable image again and rebuilds what is built. */
  redeploy?: boolean;
}

export async function runPreflight(project: ComposeProject, dependencies: PreflightDependencies, options: PreflightOptions = {}): Promise<Preflight> {
  const problems: ComposeProblem[] = [...project.problems];
  const explanations = new Map<string, Promise<CredentialExplanation | undefined>>();
  const explain = (canonical: string, service: string) => {
    let pending = explanations.get(canonical);
    if (!pending) {
      pending = dependencies.explain(canonical).catch((error: unknown) => {
        problems.push({
          code: 'CREDENTIALS_UNEXPLAINED',
          severity: 'warning',
          service,
          message: `Service "${service}": could not tell which credentials ${canonical} will use: ${messageOf(error)}`,
        });
        return undefined;
      });
      explanations.set(canonical, pending);
    }
    return pending;
  };
  let engineProblem: string | undefined;
  /** One question to the engine per image, however many services run it (then checked per service's platform). */
  const localImages = new Map<string, Promise<LocalImage | undefined>>();
  const inspect = async (reference: string, platform: string | undefined): Promise<{ local?: boolean; id?: string }> => {
    if (engineProblem !== undefined) return {};
    try {
      let asked = localImages.get(reference);
      if (asked === undefined) {
        asked = dependencies.inspectImage(reference);
        localImages.set(reference, asked);
      }
      const image = await asked;
      if (!image) return { local: false };
      if (platform && image.os && image.architecture) {
        const offered = { os: image.os, architecture: image.architecture, ...(image.variant ? { variant: image.variant } : {}) };
        if (!platformSatisfies(parsePlatform(platform), offered)) return { local: false, id: image.id };
      }
      return { local: true, id: image.id };
    } catch (error) {
      engineProblem = messageOf(error);
      return {};
    }
  };

  const services = await Promise.all(
    project.services.map(async (service): Promise<PreflightService> => {
      const image = service.image ?? `${project.name}-${service.name}`;
      const lookupReference = service.reference?.pullReference ?? image;
      const [credential, presence] = await Promise.all([
        // The explanation names the registry: not asked for an image the window may not see.
        service.reference && !service.shown?.image ? explain(service.reference.canonical, service.name) : Promise.resolve(undefined),
        service.active && (service.reference || service.build) ? inspect(lookupReference, service.platform) : Promise.resolve({} as { local?: boolean; id?: string }),
      ]);
      const plan = planService(service, presence.local, options);
      if (plan.problem) problems.push({ code: plan.problem.code, severity: 'error', service: service.name, message: plan.problem.message, ...service.position });
      const entry: PreflightService = { service: service.name, image, build: service.build !== undefined, action: plan.action, reason: plan.reason };
      if (service.reference) {
        entry.canonical = service.reference.canonical;
        entry.pullReference = service.reference.pullReference;
      }
      if (service.pullPolicy) entry.pullPolicy = service.pullPolicy;
      if (service.shown) entry.shown = { ...service.shown };
      if (service.platform) entry.platform = service.platform;
      if (credential) entry.credential = credential;
      if (presence.local !== undefined) entry.local = presence.local;
      if (presence.id) entry.localImageId = presence.id;
      return entry;
    }),
  );
  if (engineProblem !== undefined) {
    problems.push({
      code: 'ENGINE_UNREACHABLE',
      severity: 'error',
      message: `The engine could not say which images it has (${engineProblem}). Start Docker, or check the engine in Settings.`,
    });
  }
  return { project, services, problems, ok: !problems.some((problem) => problem.severity === 'error') };
}

export interface ServicePlan {
  action: PlannedAction;
  reason: string;
  problem?: { code: string; message: string };
}

/**
 * What compose would do with the service's `pull_policy`, done by Stevedore instead: pulls happen here (with the
 * right credentials) and compose runs with `--pull never`. `local` is whether the engine has the image.
 */
export function planService(service: ComposeService, local: boolean | undefined, options: PreflightOptions = {}): ServicePlan {
  const redeploy = options.redeploy === true;
  if (!service.active) {
    return { action: 'none', reason: `Not started: none of its profiles (${service.profiles.join(', ')}) is enabled in COMPOSE_PROFILES.` };
  }
  const policy = service.pullPolicy;
  const pullable = service.reference !== undefined;
  if (!pullable && service.build === undefined) return { action: 'none', reason: 'It has no usable image.' };

  if (service.build !== undefined) {
    if (!pullable) {
      return local && !redeploy
        ? { action: 'use-local', reason: 'Built earlier; a redeploy builds it again.' }
        : { action: 'build', reason: 'Built from its build: section (it names no image to pull).' };
    }
    if (policy === 'build') return { action: 'build', reason: 'pull_policy: build — built on every deploy.' };
    if (policy === 'always') return { action: 'pull', reason: 'pull_policy: always — pulled on every deploy.' };
    if (policy === 'never') {
      return local && !redeploy
        ? { action: 'use-local', reason: 'pull_policy: never, and the engine has the image.' }
        : { action: 'build', reason: 'pull_policy: never — built from its build: section.' };
    }
    if (local && !redeploy) return { action: 'use-local', reason: 'The engine already has the image.' };
    return {
      action: 'pull-or-build',
      reason: redeploy
        ? 'Redeploy pulls the newest image; if the registry has none, it is built from its build: section (as compose does).'
        : 'The engine does not have it: pulled, or built from its build: section if the registry has none (as compose does).',
    };
  }

  if (policy === 'build') {
    return {
      action: 'none',
      reason: 'pull_policy: build needs a build: section.',
      problem: { code: 'COMPOSE_INVALID', message: `Service "${service.name}": pull_policy: build, but it has no build: section. Add one, or change pull_policy.` },
    };
  }
  if (policy === 'never') {
    if (local === false) {
      return {
        action: 'none',
        reason: 'pull_policy: never, and the engine does not have the image.',
        problem: {
          code: 'IMAGE_NOT_LOCAL',
          message:
            `Service "${service.name}": pull_policy is never, and the engine has no ${service.shown?.image ?? service.reference?.familiarReference ?? 'image'}` +
            `${service.platform ? ` for ${service.shown?.platform ?? service.platform}` : ''}. Pull it first (Pull screen), or change pull_policy to missing.`,
        },
      };
    }
    return { action: 'use-local', reason: 'pull_policy: never — the engine’s copy is used.' };
  }
  if (policy === 'always') return { action: 'pull', reason: 'pull_policy: always — pulled on every deploy.' };
  if (redeploy) return { action: 'pull', reason: 'Redeploy pulls the newest image.' };
  if (local) return { action: 'use-local', reason: 'The engine already has the image.' };
  return {
    action: 'pull',
    reason: service.platform && local === false ? `The engine does not have it for ${service.shown?.platform ?? service.platform}.` : 'The engine does not have it yet.',
  };
}
