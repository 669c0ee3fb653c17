/**
 * Runs the docker CLI for Swarm stacks (`stack deploy`, `stack rm`, `service update`) against the engine it is
 * given, with a private temporary Docker config holding exactly the `auths` of the run (./private-config.ts).
 * The program is resolved to an absolute path on the app's PATH (../process/run.ts), never a shell.
 */
import { StevedoreError } from '../errors';
import { ProcessRunError, runProcess, type ProcessRunner } from '../process/run';
import { composeProcessEnv } from '../stacks/compose';
import type { EngineEndpoint } from '../engine/endpoint';
import { redactKnownSecrets } from '../docker-config/redact';
import { withPrivateDockerConfig, type PrivateConfigOptions } from './private-config';
import type { ConfigAuths } from './registry-auths';

export type SwarmCliErrorCode = 'SWARM_CLI_NOT_FOUND' | 'SWARM_CLI_FAILED' | 'SWARM_CLI_TIMEOUT';

export class SwarmCliError extends StevedoreError {
  declare readonly code: SwarmCliErrorCode;
  constructor(code: SwarmCliErrorCode, message: string, readonly output = '') {
    super(code, message);
  }
}

export interface SwarmCliOptions extends PrivateConfigOptions {
  /** The engine the CLI talks to (DOCKER_HOST and its TLS material). */
  endpoint: EngineEndpoint | undefined;
  /** The app's environment (PATH finds `docker`); engine and config variables are replaced. */
  env?: NodeJS.ProcessEnv;
  /** The docker CLI: a name looked up on PATH or an absolute path (Settings → Tools). */
  dockerProgram?: string;
  run?: ProcessRunner;
  timeoutMs?: number;
}

export async function runSwarmCli(args: readonly string[], auths: ConfigAuths, options: SwarmCliOptions): Promise<string> {
  const run = options.run ?? runProcess;
  const program = options.dockerProgram ?? 'docker';
  return withPrivateDockerConfig(
    auths,
    async (configDir) => {
      const env = composeProcessEnv(options.env ?? process.env, options.endpoint);
      env.DOCKER_CONFIG = configDir;
      env.DOCKER_CLI_HINTS = 'false';
      let result;
      try {
        result = await run({ command: program, args, stdin: '', env, timeoutMs: options.timeoutMs ?? 120_000, maxOutputBytes: 4 * 1024 * 1024 });
      } catch (error) {
        if (error instanceof ProcessRunError && error.code === 'PROCESS_NOT_FOUND') {
          throw new SwarmCliError('SWARM_CLI_NOT_FOUND', `The docker CLI (${program}) was not found, and Swarm stacks are deployed with it. Install the docker CLI, or set its path in Settings → Tools.`);
        }
        if (error instanceof ProcessRunError && error.code === 'PROCESS_TIMEOUT') {
          throw new SwarmCliError('SWARM_CLI_TIMEOUT', `docker ${args[0] ?? ''} ${args[1] ?? ''} did not finish in time. Check that the engine answers, then try again.`);
        }
        throw error;
      }
      const output = redactKnownSecrets(`${result.stdout}${result.stderr}`.trim(), secretsOf(auths));
      if (result.exitCode !== 0) {
        throw new SwarmCliError(
          'SWARM_CLI_FAILED',
          `docker ${args.slice(0, 2).join(' ')} failed: ${lastLines(output) || `exit ${String(result.exitCode ?? result.signal)}`}`,
          output,
        );
      }
      return output;
    },
    options,
  );
}

function lastLines(text: string): string {
  return text.split('\n').filter((line) => line.trim() !== '').slice(-3).join(' ').slice(0, 600);
}

/** Every secret in the auths, in the forms a message could carry them (redactKnownSecrets adds encodings). */
function secretsOf(auths: ConfigAuths): string[] {
  const secrets: string[] = [];
  for (const entry of Object.values(auths)) {
    if (entry.identitytoken) secrets.push(entry.identitytoken);
    if (entry.auth) {
      secrets.push(entry.auth);
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const password = decoded.slice(decoded.indexOf(':') + 1);
      if (password) secrets.push(password);
    }
  }
  return secrets;
}
