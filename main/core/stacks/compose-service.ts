/**
 * One service of a compose project as Stevedore reads it (main/core/stacks/reader.ts reads the project): its image
 * (interpolated, canonical), `build`, `pull_policy`, `platform`, profiles and env files, with `extends` applied.
 * What is wrong with it is added to the project's problems, so preflight can show them all at once.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PlatformSchema } from '../../../preload/api';
import { StevedoreError } from '../errors';
import { parseImageReference, ImageReferenceError, type ImageReference } from '../credentials/reference';
import { interpolateTree, isRecord, pathKey } from './interpolate-tree';
import { ComposePathError, resolveInsideProject } from './paths';
import { checkComposeSize, loadYaml, type LoadedYaml, type SourcePosition } from './yaml-load';

type PullPolicy = 'always' | 'missing' | 'never' | 'build';

export interface ComposeProblem {
  code: string;
  /** Errors stop a deploy; warnings are shown and the deploy may go ahead. */
  severity: 'error' | 'warning';
  message: string;
  service?: string;
  line?: number;
  column?: number;
}

export interface ComposeService {
  name: string;
  /** The image after interpolation, as written. */
  image?: string;
  /** Present when `image` is a valid reference. */
  reference?: ImageReference;
  build?: { context: string };
  /** Absent means compose's default (pull when missing; with `build`, pull and build on failure). */
  pullPolicy?: PullPolicy;
  platform?: string;
  profiles: string[];
  /** False when the service has profiles and none of them is enabled (COMPOSE_PROFILES): `up` skips it. */
  active: boolean;
  /** The label `dev.stevedore.updates: "false"`: update checks leave the service alone. */
  updatesOptOut?: boolean;
  /**
   * The text as written, for values that used Stevedore's own environment: the window is shown this, never the
   * value (docs/architecture.md, "What the window sees of the environment").
   */
  shown?: { image?: string; platform?: string };
  position?: SourcePosition;
}

const PULL_POLICIES: Readonly<Record<string, PullPolicy>> = {
  always: 'always',
  missing: 'missing',
  if_not_present: 'missing',
  never: 'never',
  build: 'build',
};
/**
 * compose-spec's service name rule (compose-go's `[a-zA-Z0-9][a-zA-Z0-9_.-]*`). Compose 2.26's `config` still
 * lets "--push" through, but it would be read as an option by `compose build`: it is refused here whatever the version.
 */
const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const MAX_EXTENDS_DEPTH = 10;

export interface ServiceContext {
  /** Interpolated values that used Stevedore's environment → the text as written. */
  shown: ReadonlyMap<string, string>;
  directory: string;
  environment: Record<string, string>;
  loaded: LoadedYaml;
  enabledProfiles: string[];
  problems: ComposeProblem[];
  failed: ReadonlySet<string>;
}

export function readService(name: string, definitions: Record<string, unknown>, context: ServiceContext): ComposeService {
  const position = context.loaded.positionOf(['services', name]);
  const service: ComposeService = { name, profiles: [], active: true, position };
  const problem = (code: string, message: string, field?: string) => {
    context.problems.push({
      code,
      severity: 'error',
      service: name,
      message: `Service "${name}": ${message}`,
      ...((field ? context.loaded.positionOf(['services', name, field]) : undefined) ?? position),
    });
  };
  if (!SERVICE_NAME.test(name)) {
    problem(
      'COMPOSE_INVALID',
      'a service name must start with a letter or digit and contain only letters, digits, ".", "_" and "-" ' +
        '(a name starting with "-" would be read as an option by compose). Rename the service.',
    );
  }

  let definition: Record<string, unknown>;
  try {
    definition = withExtends(name, definitions, context, 0, new Set());
  } catch (error) {
    if (error instanceof StevedoreError) {
      problem(error.code, error.message, 'extends');
      return service;
    }
    throw error;
  }

  const { build, pull_policy: pullPolicy, profiles } = definition;
  // Compose leaves empty image: and platform: out (`platform: ${DOCKER_PLATFORM:-}` means "no platform").
  const image = definition.image === '' ? undefined : definition.image;
  const platform = definition.platform === '' ? undefined : definition.platform;
  const imageFailed = context.failed.has(pathKey(['services', name, 'image']));
  // A failed interpolation was reported already; its empty result is not a second problem.
  let imageRefused = false;
  if (!imageFailed && image !== undefined && image !== null) {
    if (typeof image !== 'string' || image.trim() === '') {
      imageRefused = true;
      problem('REFERENCE_INVALID', 'image: must be an image name such as nginx:1.25.', 'image');
    } else {
      service.image = image.trim();
      const written = context.shown.get(image);
      if (written !== undefined) service.shown = { image: written };
      try {
        service.reference = parseImageReference(image);
      } catch (error) {
        if (!(error instanceof ImageReferenceError)) throw error;
        // The parser's explanation quotes the value: for a value from Stevedore's environment only the text is named.
        problem(
          'REFERENCE_INVALID',
          written === undefined
            ? `image "${image}" is not valid: ${error.message}`
            : `image "${written}" is not a valid image reference once its variables from Stevedore's environment are filled in. Check those variables.`,
          'image',
        );
      }
    }
  }
  if (build !== undefined && build !== null) {
    if (typeof build === 'string') service.build = { context: build };
    else if (isRecord(build)) service.build = { context: typeof build.context === 'string' ? build.context : '.' };
    else problem('COMPOSE_INVALID', 'build: must be a folder or a mapping with context: and dockerfile:.', 'build');
  }
  // Known here rather than searched for among all problems: that search made files with many services slow.
  if (service.image === undefined && service.build === undefined && !imageFailed && !imageRefused) {
    problem('COMPOSE_NO_IMAGE', 'it has neither image: nor build:. Add the image to run (image: nginx:1.25) or a build: section.');
  }
  // Update checks skip a service labelled dev.stevedore.updates: "false" (main/core/updates/stack-uses.ts).
  if (labelValue(definition.labels, UPDATES_LABEL)?.trim().toLowerCase() === 'false') service.updatesOptOut = true;
  if (pullPolicy !== undefined && pullPolicy !== null) {
    const known = typeof pullPolicy === 'string' ? PULL_POLICIES[pullPolicy] : undefined;
    if (known === undefined) {
      problem('COMPOSE_INVALID', `pull_policy "${String(pullPolicy)}" is not supported; use always, missing, if_not_present, never or build.`, 'pull_policy');
    } else {
      service.pullPolicy = known;
    }
  }
  if (platform !== undefined && platform !== null) {
    const normalized = typeof platform === 'string' ? composePlatform(platform) : undefined;
    const written = typeof platform === 'string' ? context.shown.get(platform) : undefined;
    if (normalized === undefined) {
      problem('COMPOSE_INVALID', `platform "${written ?? String(platform)}" is not valid: use os/arch or os/arch/variant, e.g. linux/amd64.`, 'platform');
    } else if (normalized !== OS_ONLY) {
      service.platform = normalized;
      if (written !== undefined) service.shown = { ...service.shown, platform: written };
    }
  }
  if (Array.isArray(profiles)) {
    service.profiles = profiles.filter((profile): profile is string => typeof profile === 'string');
    service.active =
      service.profiles.length === 0 ||
      context.enabledProfiles.includes('*') ||
      service.profiles.some((profile) => context.enabledProfiles.includes(profile));
  }
  checkEnvFiles(definition.env_file, context.directory, (message) => problem('COMPOSE_PATH', message, 'env_file'));
  return service;
}

/** The service's definition with `extends` applied (compose merges the base service under the extending one). */
function withExtends(
  name: string,
  definitions: Record<string, unknown>,
  context: ServiceContext,
  depth: number,
  seen: Set<string>,
): Record<string, unknown> {
  const own = definitions[name];
  if (own === null || own === undefined) return {};
  if (!isRecord(own)) throw new StevedoreError('COMPOSE_INVALID', 'its definition must be a mapping (image:, build:, …).');
  const reference = own.extends;
  if (reference === undefined || reference === null) return own;
  if (depth >= MAX_EXTENDS_DEPTH) throw new StevedoreError('COMPOSE_INVALID', `extends: goes more than ${MAX_EXTENDS_DEPTH} levels deep.`);

  const target = typeof reference === 'string' ? { service: reference } : isRecord(reference) ? reference : {};
  if (typeof target.service !== 'string') throw new StevedoreError('COMPOSE_INVALID', 'extends: must name a service (extends: { service: base }).');
  let baseDefinitions = definitions;
  let key = target.service;
  if (typeof target.file === 'string') {
    const other = resolveInsideProject(context.directory, target.file, `extends.file of service "${name}"`);
    baseDefinitions = servicesOfFile(other, context.environment);
    key = `${other}#${target.service}`;
  }
  if (seen.has(key)) throw new StevedoreError('COMPOSE_INVALID', `extends: forms a loop through "${target.service}".`);
  seen.add(key);
  if (!(target.service in baseDefinitions)) {
    throw new StevedoreError('COMPOSE_INVALID', `extends: names a service "${target.service}" that ${typeof target.file === 'string' ? `${target.file} does not define` : 'does not exist'}.`);
  }
  const base = withExtends(target.service, baseDefinitions, context, depth + 1, seen);
  const { extends: _extends, ...rest } = own;
  return { ...base, ...rest };
}

/** The services of another file named by `extends.file`, read under the same limits. */
function servicesOfFile(file: string, environment: Record<string, string>): Record<string, unknown> {
  const label = `The file ${path.basename(file)} (named by extends)`;
  let text: string;
  try {
    checkComposeSize(statSync(file).size, label);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof StevedoreError) throw error;
    throw new StevedoreError('COMPOSE_NOT_READABLE', `${label} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const loaded = loadYaml(text, label);
  const value = interpolateTree(loaded.value, [], environment, new Set(), (_at, error) => {
    throw error;
  });
  return isRecord(value) && isRecord(value.services) ? value.services : {};
}

/** An OS without an architecture: the engine's own architecture for that OS, as containerd reads it. */
const OS_ONLY = Symbol('os-only');
const OPERATING_SYSTEMS = new Set(['linux', 'windows']);

/**
 * A platform as compose accepts it, in the lower case the engine is asked with: `LINUX/AMD64` is linux/amd64;
 * `linux` alone is the engine's default platform (nothing to ask for); anything else is undefined (refused).
 */
function composePlatform(written: string): string | typeof OS_ONLY | undefined {
  const lower = written.trim().toLowerCase();
  if (OPERATING_SYSTEMS.has(lower)) return OS_ONLY;
  return PlatformSchema.safeParse(lower).success ? lower : undefined;
}

function checkEnvFiles(envFile: unknown, directory: string, report: (message: string) => void): void {
  if (envFile === undefined || envFile === null) return;
  const entries = Array.isArray(envFile) ? envFile : [envFile];
  for (const entry of entries) {
    const written = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.path === 'string' ? entry.path : undefined;
    if (written === undefined) {
      report('env_file: must be a path, or a list of paths (or of { path, required }).');
      continue;
    }
    const required = !(isRecord(entry) && entry.required === false);
    try {
      const resolved = resolveInsideProject(directory, written, 'env_file');
      if (required && !existsSync(resolved)) report(`env_file "${written}" does not exist. Create it, or mark it required: false.`);
    } catch (error) {
      if (error instanceof ComposePathError) report(error.message);
      else throw error;
    }
  }
}

/** The label that turns update checks off for a service. */
const UPDATES_LABEL = 'dev.stevedore.updates';

/** One label's value from compose's `labels:`, a mapping or a list of `key=value`. */
function labelValue(labels: unknown, key: string): string | undefined {
  if (Array.isArray(labels)) {
    const entry = labels.find((item): item is string => typeof item === 'string' && item.split('=', 1)[0] === key);
    return entry === undefined ? undefined : entry.slice(key.length + 1);
  }
  if (!isRecord(labels)) return undefined;
  const value = labels[key];
  return typeof value === 'string' || typeof value === 'boolean' ? String(value) : undefined;
}
