/**
 * Settings → Tools: where the programs Stevedore starts were found, using the same lookups that start them —
 * the docker CLI and each credential helper on PATH (`which.ts`), Compose through `findCompose`.
 */
import path from 'node:path';
import type { ToolsReport } from '../../../preload/api';
import { dockerConfigFilePath } from '../docker-config/location';
import { readDockerConfigFile, type DockerConfigFile } from '../docker-config/file';
import { credentialHelperProgram, type CredentialHelperSetting } from '../docker-config/helper';
import type { ProcessRunner } from './run';
import { StevedoreError } from '../errors';
import { findCompose } from '../stacks/compose';
import { findProgram, searchPath, type ProgramSearch } from './which';

export interface ToolDiscoveryOptions {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The "Docker config path" setting. */
  dockerConfigPath?: string;
  /** The "Compose program" setting. */
  composeSetting?: string;
  run?: ProcessRunner;
  isExecutable?: ProgramSearch['isExecutable'];
}

type HelperReport = ToolsReport['credentialHelpers'][number];

export async function discoverTools(options: ToolDiscoveryOptions): Promise<ToolsReport> {
  const search: ProgramSearch = { platform: options.platform, env: options.env, isExecutable: options.isExecutable };
  const dockerPath = findProgram('docker', search);
  const configFile = dockerConfigFilePath({ configPath: options.dockerConfigPath, env: options.env });

  let config: DockerConfigFile | undefined;
  let dockerConfigProblem: string | undefined;
  try {
    config = await readDockerConfigFile(configFile);
  } catch (error) {
    if (!(error instanceof StevedoreError)) throw error;
    dockerConfigProblem = error.message;
  }

  return {
    searchPath: searchPath(options.platform, options.env),
    docker: { path: dockerPath },
    compose: await describeCompose(options, search),
    dockerConfigFile: configFile,
    dockerConfigProblem,
    credentialHelpers: config ? describeHelpers(config, search) : [],
  };
}

async function describeCompose(options: ToolDiscoveryOptions, search: ProgramSearch): Promise<ToolsReport['compose']> {
  const fromSetting = Boolean(options.composeSetting?.trim());
  try {
    const command = await findCompose({ setting: options.composeSetting, env: options.env, run: options.run });
    const programPath = path.isAbsolute(command.program) ? command.program : findProgram(command.program, search);
    return {
      found: true,
      kind: command.kind,
      path: programPath,
      version: command.version,
      description: command.description,
      fromSetting,
    };
  } catch (error) {
    if (!(error instanceof StevedoreError)) throw error;
    return { found: false, fromSetting, problem: error.message };
  }
}

/** One row per helper the config names: `credsStore` (every registry) and each `credHelpers` helper with its hosts. */
function describeHelpers(config: DockerConfigFile, search: ProgramSearch): HelperReport[] {
  const rows = new Map<string, { setting: CredentialHelperSetting; hosts: string[]; everyRegistry: boolean }>();
  if (config.credsStore) rows.set(config.credsStore, { setting: 'credsStore', hosts: [], everyRegistry: true });
  for (const [host, helper] of config.credHelpers) {
    const row = rows.get(helper) ?? { setting: 'credHelpers' as const, hosts: [], everyRegistry: false };
    row.hosts.push(host);
    rows.set(helper, row);
  }
  return [...rows].map(([name, row]): HelperReport => {
    const usedFor = row.everyRegistry ? ['every registry without its own helper', ...row.hosts] : row.hosts;
    try {
      const program = credentialHelperProgram(name, { configFile: config.path, setting: row.setting });
      const found = findProgram(program, search);
      return {
        name,
        program,
        usedFor,
        path: found,
        problem: found
          ? undefined
          : `${program} is not on PATH (searched ${searchPath(search.platform, search.env).length} folders). Install it, or remove it from ${row.setting} in ${config.path}.`,
      };
    } catch (error) {
      if (!(error instanceof StevedoreError)) throw error;
      return { name: name.slice(0, 64), program: '', usedFor, problem: error.message };
    }
  });
}
