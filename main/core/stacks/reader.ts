/**
 * Reading a compose project the way Docker Compose v2 would see it, far enough to plan a deploy: the project
 * name, and per service the image (interpolated, canonical), `build`, `pull_policy`, `platform`, profiles and
 * env files. A file that cannot be used at all throws `ComposeFileError` (with line and column when it has a
 * place); everything else is collected as problems, so preflight can show them all at once.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StevedoreError } from '../errors';
import { readService, type ComposeProblem, type ComposeService } from './compose-service';
import { composeEnvironment, parseEnvFile } from './env-file';
import type { InterpolationError } from './interpolate';
import { hiddenValuesOf, hide, interpolateTree, isRecord, pathKey, privacyOf } from './interpolate-tree';
import { composeFiles, mergeComposeFiles } from './project-files';
import { checkProjectName, normalizeProjectName } from './project-name';
import { checkComposeSize, ComposeFileError, loadYaml, type LoadedYaml, type SourcePosition } from './yaml-load';

/** Defined with the service reader (main/core/stacks/compose-service.ts); named here too because callers read projects through this file. */
export type { ComposeProblem, ComposeService } from './compose-service';

type ProjectNameSource = 'override' | 'env-file' | 'file' | 'folder';

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

/** The env file compose reads by default, beside the compose file. */
export const DEFAULT_ENV_FILE_NAME = '.env';

/** The `.env` compose reads by default: beside the compose file, if it exists. */
export function defaultEnvFile(composeFile: string): string | undefined {
  const candidate = path.join(path.dirname(composeFile), DEFAULT_ENV_FILE_NAME);
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
