/**
 * Docker Compose v2: finding it and running it.
 *
 * Found as: the program named in Settings, else the docker CLI plugin (`docker compose`), else a standalone
 * `docker-compose` that says it is v2. Compose v1 (the Python `docker-compose` 1.x) is refused: it names
 * containers and handles pulls differently, and has been end-of-life since 2023.
 *
 * Compose is run with an argument array (never a shell), the engine endpoint the app uses (`DOCKER_HOST`), a
 * deadline, and its output streamed line by line. Nothing secret is given to it: images are pulled by Stevedore
 * beforehand, so compose runs with `--pull never` and needs no registry credentials.
 */
import path from 'node:path';
import { resolveCommand, runProcess, ProcessRunError, type ProcessRunner } from '../process/run';
import type { EngineEndpoint } from '../engine/endpoint';
import { StevedoreError } from '../errors';
import { runLines, type LineProcessResult, type OutputStream } from '../process/run-lines';

export interface ComposeCommand {
  /** The program to start: an absolute path whenever it could be found (it is never looked up in the project folder). */
  program: string;
  /** Arguments before compose's own: `['compose']` for the docker CLI plugin run through the CLI. */
  prefix: string[];
  /**
   * The docker CLI's compose plugin (run through the CLI, or as its own program: `pluginProgram`), or a compose program
   * of its own (`docker-compose`, or one named in Settings). Settings → Tools says which.
   */
  kind: 'plugin' | 'standalone';
  /** e.g. `2.26.1`. */
  version: string;
  /** How it was found, for messages: `docker compose (plugin)`, `/usr/bin/docker-compose`. */
  description: string;
}

type ComposeErrorCode = 'COMPOSE_NOT_FOUND' | 'COMPOSE_V1' | 'COMPOSE_FAILED' | 'COMPOSE_TIMEOUT';

class ComposeError extends StevedoreError {
  declare readonly code: ComposeErrorCode;
  constructor(code: ComposeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export interface ComposeVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/** Reads the version from `docker compose version` / `docker-compose version` output (v1 and v2 styles). */
export function parseComposeVersion(output: string): ComposeVersion | undefined {
  const match = /version:?\s+v?(\d+)\.(\d+)\.(\d+)/i.exec(output) ?? /\bv?(\d+)\.(\d+)\.(\d+)\b/.exec(output);
  if (!match) return undefined;
  const [, major = '0', minor = '0', patch = '0'] = match;
  return { major: Number(major), minor: Number(minor), patch: Number(patch), text: `${major}.${minor}.${patch}` };
}

export interface FindComposeOptions {
  /** The "Compose program" setting: a path to `docker` (plugin) or to a compose binary. */
  setting?: string;
  env: NodeJS.ProcessEnv;
  run?: ProcessRunner;
  timeoutMs?: number;
}

const VERSION_TIMEOUT_MS = 15_000;
/** An old CLI's `docker info` asks the engine too; the lookup is given up rather than wait for a slow one. */
const PLUGIN_LOOKUP_TIMEOUT_MS = 5_000;
const INSTALL_ADVICE =
  'Install Compose v2 — the Docker CLI plugin (package docker-compose-plugin, or docker-compose from Docker Desktop) — ' +
  'or name a Compose v2 program in Settings.';

export async function findCompose(options: FindComposeOptions): Promise<ComposeCommand> {
  const run = options.run ?? runProcess;
  const timeoutMs = options.timeoutMs ?? VERSION_TIMEOUT_MS;
  const probe = async (program: string, prefix: string[]): Promise<{ version?: ComposeVersion; failure?: string }> => {
    try {
      const result = await run({ command: program, args: [...prefix, 'version'], stdin: '', timeoutMs, maxOutputBytes: 64 * 1024, env: options.env });
      const output = `${result.stdout}\n${result.stderr}`;
      if (result.exitCode !== 0) return { failure: firstLine(result.stderr || result.stdout) || `exit code ${result.exitCode ?? result.signal}` };
      const version = parseComposeVersion(output);
      return version ? { version } : { failure: `unrecognised version output: ${firstLine(output)}` };
    } catch (error) {
      if (error instanceof ProcessRunError) return { failure: error.code === 'PROCESS_NOT_FOUND' ? 'not found' : error.message };
      throw error;
    }
  };
  /**
   * The plugin's own program when it answers `version` as the CLI's `compose version` did (so it is the compose the
   * CLI runs, and runs on its own), with the CLI's description; else undefined, and compose runs through the CLI.
   */
  const sameCompose = async (plugin: string, version: ComposeVersion, description: string): Promise<ComposeCommand | undefined> => {
    const direct = await probe(plugin, []);
    return direct.version?.text === version.text ? { program: plugin, prefix: [], kind: 'plugin', version: version.text, description } : undefined;
  };
  const refuseV1 = (description: string, version: ComposeVersion) =>
    new ComposeError(
      'COMPOSE_V1',
      `Compose v1 (${description}, version ${version.text}) is not supported: it is end-of-life and names and pulls differently from v2. ${INSTALL_ADVICE}`,
    );

  // Resolved once, here: every later start of compose uses this absolute path.
  const absolute = (program: string) => resolveCommand(program, options.env) ?? program;
  const setting = options.setting?.trim();
  if (setting) {
    if (!path.isAbsolute(setting) && /[/\\]/.test(setting)) {
      throw new ComposeError('COMPOSE_NOT_FOUND', `The compose program set in Settings (${setting}) is a relative path. Name it by its full path, or by a name found on PATH.`);
    }
    const isDocker = /^docker(\.exe)?$/i.test(path.basename(setting));
    const prefix = isDocker ? ['compose'] : [];
    const description = isDocker ? `${setting} compose` : setting;
    const [{ version, failure }, plugin] = await Promise.all([probe(setting, prefix), isDocker ? pluginProgram(setting, run, options.env, timeoutMs) : Promise.resolve(undefined)]);
    if (!version) {
      throw new ComposeError('COMPOSE_NOT_FOUND', `The compose program set in Settings (${description}) did not answer "version": ${failure}. Check the path in Settings.`);
    }
    if (version.major < 2) throw refuseV1(description, version);
    const direct = plugin === undefined ? undefined : await sameCompose(plugin, version, description);
    return direct ?? { program: absolute(setting), prefix, kind: isDocker ? 'plugin' : 'standalone', version: version.text, description };
  }

  // Asked together: the plugin's own program is looked up only to be used if the CLI has a v2 plugin.
  const [docker, plugin] = await Promise.all([probe('docker', ['compose']), pluginProgram('docker', run, options.env, timeoutMs)]);
  if (docker.version && docker.version.major >= 2) {
    const description = 'docker compose (CLI plugin)';
    const direct = plugin === undefined ? undefined : await sameCompose(plugin, docker.version, description);
    return direct ?? { program: absolute('docker'), prefix: ['compose'], kind: 'plugin', version: docker.version.text, description };
  }
  const standalone = await probe('docker-compose', []);
  const standalonePath = absolute('docker-compose');
  if (standalone.version) {
    if (standalone.version.major < 2) throw refuseV1(standalonePath, standalone.version);
    return { program: standalonePath, prefix: [], kind: 'standalone', version: standalone.version.text, description: standalonePath };
  }
  throw new ComposeError(
    'COMPOSE_NOT_FOUND',
    `Docker Compose v2 was not found: "docker compose" (${docker.failure ?? 'not v2'}), "docker-compose" (${standalone.failure ?? 'not v2'}). ${INSTALL_ADVICE}`,
  );
}

/**
 * Where the docker CLI finds its compose plugin (`docker info`'s client part, which needs no engine), so that compose
 * can be started as its own program. `docker compose …` starts three programs before compose does anything: the CLI,
 * the plugin asked for its metadata, then the plugin; the plugin started directly is one (30–300 ms less before each
 * compose command acts, measured with `compose version` on the test bench). Run on its own, the plugin is the
 * standalone compose and reads the same arguments (it puts `compose` in front of them, as the CLI does). Undefined
 * when the CLI names no compose plugin by an absolute path, or cannot say.
 */
async function pluginProgram(docker: string, run: ProcessRunner, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | undefined> {
  try {
    const result = await run({ command: docker, args: ['info', '--format', '{{json .ClientInfo.Plugins}}'], stdin: '', timeoutMs: Math.min(timeoutMs, PLUGIN_LOOKUP_TIMEOUT_MS), maxOutputBytes: 256 * 1024, env });
    if (result.exitCode !== 0) return undefined;
    const plugins: unknown = JSON.parse(result.stdout.trim().split('\n')[0] ?? '');
    if (!Array.isArray(plugins)) return undefined;
    const compose = plugins.find((plugin: unknown): plugin is { Name: string; Path: string } => {
      const candidate = plugin as { Name?: unknown; Path?: unknown; Err?: unknown } | null;
      return candidate?.Name === 'compose' && typeof candidate.Path === 'string' && candidate.Err === undefined;
    });
    return compose !== undefined && (path.isAbsolute(compose.Path) || path.win32.isAbsolute(compose.Path)) ? compose.Path : undefined;
  } catch {
    // Not found, too slow, or output that is not the list: compose runs through the CLI.
    return undefined;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim().slice(0, 300) ?? '';
}

/**
 * The environment compose runs with: the app's own (compose interpolates from it, like the preflight did, and
 * the docker CLI finds its plugins through it), pointed at the app's engine. Variables that would make compose
 * read another project or another engine are removed; no credentials are added.
 */
export function composeProcessEnv(base: NodeJS.ProcessEnv, endpoint: EngineEndpoint | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of ['DOCKER_CONTEXT', 'COMPOSE_FILE', 'COMPOSE_PROJECT_NAME', 'COMPOSE_ENV_FILES', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[name];
  if (endpoint) {
    // An ssh:// engine through Stevedore's own tunnel, with the host key Stevedore checked (engine/ssh-forward.ts).
    env.DOCKER_HOST = endpoint.composeHost ?? endpoint.url;
    const material = endpoint.tlsMaterial;
    if (endpoint.tls && material) {
      if (material.verify) env.DOCKER_TLS_VERIFY = '1';
      if (material.ca) env.DOCKER_CERT_PATH = path.dirname(material.ca);
    }
  }
  return env;
}

/** What compose is asked to act on: always an explicit project name, files and (when there is one) env file. */
export interface ComposeTarget {
  project: string;
  /** Every compose file, in merge order (the first one's folder is the project folder). */
  files: readonly string[];
  envFile?: string;
}

/** A project's target as compose is given it. */
export function targetOf(project: { name: string; files: readonly string[]; envFile?: string }): ComposeTarget {
  const target: ComposeTarget = { project: project.name, files: [...project.files] };
  if (project.envFile !== undefined) target.envFile = project.envFile;
  return target;
}

export function composeArguments(command: ComposeCommand, target: ComposeTarget, subcommand: readonly string[]): string[] {
  const args = [...command.prefix, '--ansi', 'never', '-p', target.project, ...target.files.flatMap((file) => ['-f', file])];
  if (target.envFile !== undefined) args.push('--env-file', target.envFile);
  return [...args, ...subcommand];
}

/**
 * A compose subcommand acting on some services (`build`, `up`, `logs`, `stop`, `pull`, …): `--` ends compose's
 * options before the names, so no service name is ever read as an option.
 */
export function forServices(subcommand: readonly string[], services: readonly string[]): string[] {
  return services.length === 0 ? [...subcommand] : [...subcommand, '--', ...services];
}

export interface ComposeRunOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  onLine: (stream: OutputStream, line: string) => void;
}

/** Runs one compose subcommand to its end; a non-zero exit is reported by the caller, with the output it kept. */
export async function runCompose(command: ComposeCommand, target: ComposeTarget, subcommand: readonly string[], options: ComposeRunOptions): Promise<LineProcessResult> {
  try {
    return await runLines({
      command: command.program,
      args: composeArguments(command, target, subcommand),
      env: options.env,
      cwd: path.dirname(target.files[0] ?? '.'),
      timeoutMs: options.timeoutMs,
      onLine: options.onLine,
    });
  } catch (error) {
    if (error instanceof ProcessRunError) {
      if (error.code === 'PROCESS_TIMEOUT') {
        throw new ComposeError('COMPOSE_TIMEOUT', `docker compose ${subcommand[0] ?? ''} ${error.message.replace(/^\S+ /, '')}. See the deploy log for how far it got.`, { cause: error });
      }
      throw new ComposeError('COMPOSE_NOT_FOUND', `${command.description} could not be started: ${error.message}. ${INSTALL_ADVICE}`, { cause: error });
    }
    throw error;
  }
}
