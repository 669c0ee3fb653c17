/**
 * Reading a compose project the way Docker Compose v2 would see it, far enough to plan a deploy: the project
 * name, and per service the image (interpolated, canonical), `build`, `pull_policy`, `platform`, profiles and
 * env files. A file that cannot be used at all throws `ComposeFileError` (with line and column when it has a
 * place); everything else is collected as problems, so preflight can show them all at once.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PlatformSchema } from '../../../preload/api';
import { StevedoreError } from '../errors';
import { parseImageReference, ImageReferenceError, type ImageReference } from '../credentials/reference';
import { composeEnvironment, parseEnvFile } from './env-file';
import { interpolate, InterpolationError } from './interpolate';
import { ComposePathError, resolveInsideProject } from './paths';
import { composeFiles, mergeComposeFiles } from './project-files';
import { checkProjectName, normalizeProjectName } from './project-name';
import { checkComposeSize, ComposeFileError, loadYaml, type LoadedYaml, type SourcePosition } from './yaml-load';

export type PullPolicy = 'always' | 'missing' | 'never' | 'build';

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
  /**
   * The text as written, for values that used Stevedore's own environment: the window is shown this, never the
   * value (docs/architecture.md, "What the window sees of the environment").
   */
  shown?: { image?: string; platform?: string };
  position?: SourcePosition;
}

export type ProjectNameSource = 'override' | 'env-file' | 'file' | 'folder';

export interface ComposeProject {
  name: string;
  nameSource: ProjectNameSource;
  /** Absolute path of the (first) compose file. */
  file: string;
  /** Every compose file of the project, absolute, in the order compose merges them (`file` first). */
  files: string[];
  directory: string;
  /** The env file used for interpolation, when there is one. */
  envFile?: string;
  services: ComposeService[];
  problems: ComposeProblem[];
  /** The variables the file was interpolated with (process environment over env file); stays in main. */
  environment: Record<string, string>;
  /** Where a setting is written in the first file (`['services', 'web', 'ports']`); stays in main. */
  positionOf?: (at: ReadonlyArray<string | number>) => SourcePosition | undefined;
  /** Values taken from Stevedore's environment (and the values interpolated from them): never shown; stays in main. */
  hiddenValues: string[];
}

export interface ComposeSource {
  /** Absolute path of the compose file. */
  file: string;
  /** A chosen env file; without one, `.env` beside the compose file when it exists (compose's default). */
  envFile?: string;
  /** The user's override of the project name. */
  projectName?: string;
  /** The process environment; it wins over the env file, as in compose. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface ParseContext extends ComposeSource {
  /** Values from the env file, already parsed. */
  envFileValues?: Record<string, string>;
  /** Further compose files merged over the first (an override file, or those COMPOSE_FILE names). */
  extraFiles?: ReadonlyArray<{ file: string; text: string }>;
  /** Env-file keys whose values came from the process environment (see parseEnvFile). */
  envFileFromEnvironment?: ReadonlySet<string>;
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

export async function readComposeProject(source: ComposeSource): Promise<ComposeProject> {
  const envFile = source.envFile ?? defaultEnvFile(source.file);
  let envFileValues: Record<string, string> | undefined;
  const envFileFromEnvironment = new Set<string>();
  if (envFile !== undefined) {
    const envText = await readTextFile(envFile, `The env file ${path.basename(envFile)}`);
    envFileValues = parseEnvFile(envText, source.env, path.basename(envFile), envFileFromEnvironment);
  }
  const [first = source.file, ...others] = composeFiles(source.file, envFileValues);
  const text = await readTextFile(first, 'The compose file');
  const extraFiles = await Promise.all(others.map(async (file) => ({ file, text: await readTextFile(file, `The compose file ${path.basename(file)}`) })));
  return parseComposeProject(text, { ...source, file: first, envFile, envFileValues, extraFiles, envFileFromEnvironment });
}

/** The `.env` compose reads by default: beside the compose file, if it exists. */
export function defaultEnvFile(composeFile: string): string | undefined {
  const candidate = path.join(path.dirname(composeFile), '.env');
  return existsSync(candidate) ? candidate : undefined;
}

export function parseComposeProject(text: string, context: ParseContext): ComposeProject {
  const file = path.resolve(context.file);
  const directory = path.dirname(file);
  const label = `The compose file ${path.basename(file)}`;
  const loaded = loadYaml(text, label);
  const environment = composeEnvironment(context.env, context.envFileValues);
  const problems: ComposeProblem[] = [];
  const unset = new Set<string>();
  const privacy = privacyOf(context);
  /** Values whose interpolation failed (already reported), so they are not reported again as bad values. */
  const failed = new Set<string>();

  const top = loaded.value;
  if (top === null || top === undefined) {
    throw new ComposeFileError('COMPOSE_INVALID', `${label} is empty. A compose file needs a services: section, e.g.\nservices:\n  web:\n    image: nginx`);
  }
  if (!isRecord(top)) throw new ComposeFileError('COMPOSE_INVALID', `${label} must be a YAML mapping with a services: section at the top.`, { line: 1, column: 1 });

  const reportIn = (where: LoadedYaml | string) => (at: Array<string | number>, error: InterpolationError) => {
    failed.add(pathKey(at));
    const service = at[0] === 'services' && typeof at[1] === 'string' ? at[1] : undefined;
    problems.push({
      code: error.code,
      severity: 'error',
      service,
      // A problem in another file is named by that file: line numbers would point into the wrong one.
      message: `${typeof where === 'string' ? `${where}: ` : ''}${service ? `Service "${service}": ` : ''}${error.message}`,
      ...(typeof where === 'string' ? {} : where.positionOf(at)),
    });
  };
  let interpolated = interpolateTree(top, [], environment, unset, reportIn(loaded), privacy) as Record<string, unknown>;
  for (const extra of context.extraFiles ?? []) {
    const extraLabel = `The compose file ${path.basename(extra.file)}`;
    const extraTop = loadYaml(extra.text, extraLabel).value;
    if (extraTop === null || extraTop === undefined) continue;
    if (!isRecord(extraTop)) throw new ComposeFileError('COMPOSE_INVALID', `${extraLabel} must be a YAML mapping (services: …) to be merged over ${path.basename(file)}.`);
    interpolated = mergeComposeFiles(interpolated, interpolateTree(extraTop, [], environment, unset, reportIn(path.basename(extra.file)), privacy) as Record<string, unknown>);
  }

  const services = interpolated.services;
  if (services !== undefined && services !== null && !isRecord(services)) {
    throw new ComposeFileError(
      'COMPOSE_INVALID',
      `${label}: services: must be a mapping of service names to their definitions${Array.isArray(services) ? ', not a list (no "- " before the names)' : ''}, e.g.\nservices:\n  web:\n    image: nginx`,
      loaded.positionOf(['services']) ?? { line: 1, column: 1 },
    );
  }
  if (!isRecord(services) || Object.keys(services).length === 0) {
    throw new ComposeFileError(
      'COMPOSE_INVALID',
      services === undefined
        ? `${label} has no services: section. Add one, e.g.\nservices:\n  web:\n    image: nginx`
        : `${label} has a services: section with no services in it; a service is a name with an image or a build under it.`,
      loaded.positionOf(['services']) ?? { line: 1, column: 1 },
    );
  }
  if (interpolated.include !== undefined) {
    problems.push({
      code: 'COMPOSE_UNSUPPORTED',
      severity: 'error',
      message: 'include: is not supported yet: Stevedore must see every service to pull its image before deploying. Merge the included files into this one.',
      ...loaded.positionOf(['include']),
    });
  }

  const { name, nameSource } = projectName(context, interpolated.name, directory, loaded);
  const enabledProfiles = (environment.COMPOSE_PROFILES ?? '').split(',').map((profile) => profile.trim()).filter(Boolean);
  const definitions = services;
  const parsedServices = Object.keys(definitions).map((serviceName) =>
    readService(serviceName, definitions, { directory, environment, loaded, enabledProfiles, problems, failed, shown: privacy.shown }),
  );

  for (const variable of unset) {
    problems.push({
      code: 'COMPOSE_VARIABLE_UNSET',
      severity: 'warning',
      message: `The variable ${variable} is not set; compose uses an empty string in its place.`,
    });
  }
  // In file order (those without a place last), so the first problem shown is the first one in the file.
  problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  const replacements = hiddenValuesOf(privacy, environment);
  for (const problem of problems) problem.message = hide(problem.message, replacements);
  const hiddenValues = [...replacements.keys()];
  const files = [file, ...(context.extraFiles ?? []).map((extra) => path.resolve(extra.file))];
  const project: ComposeProject = { name, nameSource, file, files, directory, services: parsedServices, problems, environment, positionOf: loaded.positionOf, hiddenValues };
  if (context.envFile !== undefined) project.envFile = path.resolve(context.envFile);
  return project;
}

function projectName(
  context: ParseContext,
  fromFile: unknown,
  directory: string,
  loaded: LoadedYaml,
): { name: string; nameSource: ProjectNameSource } {
  const withPosition = (check: () => string): string => {
    try {
      return check();
    } catch (error) {
      if (error instanceof StevedoreError) throw new ComposeFileError('COMPOSE_INVALID', error.message, loaded.positionOf(['name']));
      throw error;
    }
  };
  if (context.projectName !== undefined) return { name: checkProjectName(context.projectName, 'The project name you set'), nameSource: 'override' };
  // COMPOSE_PROJECT_NAME counts from the project's own env file only: from Stevedore's environment it would give
  // every stack the same name.
  const fromEnvFile = context.envFileValues?.COMPOSE_PROJECT_NAME;
  if (fromEnvFile) return { name: checkProjectName(fromEnvFile, 'COMPOSE_PROJECT_NAME in the env file'), nameSource: 'env-file' };
  if (fromFile !== undefined && fromFile !== null && fromFile !== '') {
    if (typeof fromFile !== 'string') throw new ComposeFileError('COMPOSE_INVALID', 'The top-level name: must be text.', loaded.positionOf(['name']));
    return { name: withPosition(() => checkProjectName(fromFile, 'The name: at the top of the compose file')), nameSource: 'file' };
  }
  const folder = path.basename(directory);
  const normalized = normalizeProjectName(folder);
  if (!normalized) {
    throw new ComposeFileError(
      'COMPOSE_INVALID',
      `The folder name "${folder}" has no characters a project name can use (a-z, 0-9, _ and -). Add a top-level name: to the compose file, or set a project name.`,
    );
  }
  return { name: normalized, nameSource: 'folder' };
}

interface ServiceContext {
  /** Interpolated values that used Stevedore's environment → the text as written. */
  shown: ReadonlyMap<string, string>;
  directory: string;
  environment: Record<string, string>;
  loaded: LoadedYaml;
  enabledProfiles: string[];
  problems: ComposeProblem[];
  failed: ReadonlySet<string>;
}

function readService(name: string, definitions: Record<string, unknown>, context: ServiceContext): ComposeService {
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

/**
 * Which values come from Stevedore's own environment: every variable it has (it wins over the env file, as in
 * compose) and the env-file keys that took their value from it. What is interpolated from them is recorded in
 * `shown` (value → the text as written) so that the window is shown the text, never the value.
 */
interface Privacy {
  names: ReadonlySet<string>;
  used: Set<string>;
  shown: Map<string, string>;
}

function privacyOf(context: ParseContext): Privacy {
  const names = new Set<string>(context.envFileFromEnvironment ?? []);
  for (const [name, value] of Object.entries(context.env)) if (value !== undefined) names.add(name);
  return { names, used: new Set(), shown: new Map() };
}

/** Short values ("1", "on") are left alone: replacing them would garble every message and hide nothing. */
const MIN_HIDDEN_LENGTH = 3;

/** Each hidden value → what a message says instead: the text it was written as, or the variable's ${NAME}. */
function hiddenValuesOf(privacy: Privacy, environment: Readonly<Record<string, string>>): Map<string, string> {
  const replacements = new Map<string, string>(privacy.shown);
  for (const name of privacy.used) {
    const value = environment[name];
    if (value !== undefined && !replacements.has(value)) replacements.set(value, `\${${name}}`);
  }
  // Longest first, so a value that contains another is replaced whole.
  return new Map([...replacements].filter(([value]) => value.length >= MIN_HIDDEN_LENGTH).sort(([a], [b]) => b.length - a.length));
}

/** A message with every value from Stevedore's environment replaced by the text it was written as. */
function hide(message: string, replacements: ReadonlyMap<string, string>): string {
  let result = message;
  for (const [value, written] of replacements) if (result.includes(value)) result = result.split(value).join(written);
  return result;
}

/** Interpolates every string value (not keys, as compose) and reports each failure with its path. */
function interpolateTree(
  value: unknown,
  at: Array<string | number>,
  environment: Record<string, string>,
  unset: Set<string>,
  report: (at: Array<string | number>, error: InterpolationError) => void,
  privacy?: Privacy,
): unknown {
  if (typeof value === 'string') {
    try {
      let fromEnvironment = false;
      const result = interpolate(value, environment, {
        onUnset: (name) => unset.add(name),
        onLookup: (name) => {
          if (!privacy?.names.has(name)) return;
          fromEnvironment = true;
          privacy.used.add(name);
        },
      });
      if (fromEnvironment && privacy && result !== '') privacy.shown.set(result, value);
      return result;
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      report(at, error);
      return '';
    }
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateTree(item, [...at, index], environment, unset, report, privacy));
  if (isRecord(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = interpolateTree(item, [...at, key], environment, unset, report, privacy);
    return result;
  }
  return value;
}

async function readTextFile(file: string, label: string): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ComposeFileError('COMPOSE_NOT_READABLE', `${label} (${file}) is not a file.`);
    checkComposeSize(info.size, label);
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof StevedoreError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ComposeFileError(
      'COMPOSE_NOT_READABLE',
      code === 'ENOENT'
        ? `${label} (${file}) no longer exists. Open it again from its new place, or remove the stack.`
        : `${label} (${file}) could not be read (${code ?? 'error'}). Check its permissions.`,
    );
  }
}

function pathKey(at: ReadonlyArray<string | number>): string {
  return at.join('\u0000');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
