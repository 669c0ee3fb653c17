import type { DockerCredential } from './credential';
import { DockerConfigError } from './errors';
import { ProcessRunError, runProcess, type ProcessResult, type ProcessRunner } from '../process/run';
import { redactSecrets } from './redact';

/**
 * The docker credential helper protocol: `docker-credential-<name> get` with the server address on stdin answers
 * `{"ServerURL","Username","Secret"}`, or "credentials not found in native keychain" with a non-zero exit;
 * `list` answers `{ serverURL: username }`.
 */

export const DEFAULT_HELPER_TIMEOUT_MS = 10_000;
/** A credential is a few hundred bytes; a `list` of a busy keychain a few KiB. */
const MAX_HELPER_OUTPUT_BYTES = 256 * 1024;
const CREDENTIALS_NOT_FOUND = 'credentials not found in native keychain';
/** The username a helper reports when the secret is an identity token rather than a password. */
const IDENTITY_TOKEN_USERNAME = '<token>';
/** A helper name becomes part of a program name; nothing that could walk out of PATH lookup. */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export type CredentialHelperSetting = 'credHelpers' | 'credsStore';

export interface CredentialHelperOptions {
  runHelper?: ProcessRunner;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** For messages: which file and which setting named this helper. */
  configFile: string;
  setting: CredentialHelperSetting;
}

export function credentialHelperProgram(helper: string, options: Pick<CredentialHelperOptions, 'configFile' | 'setting'>): string {
  if (!HELPER_NAME.test(helper)) {
    throw new DockerConfigError(
      'CREDENTIAL_HELPER_INVALID',
      `'${helper.slice(0, 64)}' in ${options.setting} of ${options.configFile} is not a credential helper name (expected e.g. 'pass', 'desktop', 'ecr-login'); fix the setting.`,
    );
  }
  return `docker-credential-${helper}`;
}

function isObjectRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function runHelperCommand(
  helper: string,
  action: 'get' | 'list',
  stdin: string,
  subject: string,
  options: CredentialHelperOptions,
): Promise<{ program: string; result: ProcessResult }> {
  const program = credentialHelperProgram(helper, options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
  const where = `${options.setting} in ${options.configFile}`;
  try {
    const result = await (options.runHelper ?? runProcess)({
      command: program,
      args: [action],
      stdin,
      timeoutMs,
      maxOutputBytes: MAX_HELPER_OUTPUT_BYTES,
      env: options.env ?? process.env,
    });
    return { program, result };
  } catch (error) {
    if (!(error instanceof ProcessRunError)) throw error;
    switch (error.code) {
      case 'PROCESS_NOT_FOUND':
        throw new DockerConfigError(
          'CREDENTIAL_HELPER_NOT_FOUND',
          `The credential helper ${program} (from ${where}) is not installed or not on PATH, so credentials for ${subject} cannot be read. Install it, or remove it from ${options.setting}.`,
          { cause: error },
        );
      case 'PROCESS_TIMEOUT':
        throw new DockerConfigError(
          'CREDENTIAL_HELPER_TIMEOUT',
          `The credential helper ${program} (from ${where}) did not answer within ${Math.round(timeoutMs / 100) / 10} s when asked for ${subject}. ` +
            `It may be waiting for a password prompt or an unlocked keychain; check that '${program} ${action}' works in a terminal.`,
          { cause: error },
        );
      case 'PROCESS_OUTPUT_TOO_LARGE':
        throw new DockerConfigError(
          'CREDENTIAL_HELPER_FAILED',
          `The credential helper ${program} (from ${where}) wrote far more output than a credential when asked for ${subject}; it was stopped. Check the helper.`,
          { cause: error },
        );
      case 'PROCESS_SPAWN_FAILED':
        throw new DockerConfigError(
          'CREDENTIAL_HELPER_FAILED',
          `The credential helper ${program} (from ${where}) could not be started: ${error.message}. Check that it is executable.`,
          { cause: error },
        );
    }
  }
}

function helperFailed(program: string, action: string, subject: string, result: ProcessResult, options: CredentialHelperOptions): DockerConfigError {
  // Helpers print their errors on stdout, some on stderr; show both, cleaned.
  const said = redactSecrets([result.stderr, result.stdout].map((text) => text.trim()).filter(Boolean).join(' | '));
  const status = result.exitCode === null ? `was stopped by ${result.signal ?? 'a signal'}` : `exited with code ${result.exitCode}`;
  return new DockerConfigError(
    'CREDENTIAL_HELPER_FAILED',
    `The credential helper ${program} (from ${options.setting} in ${options.configFile}) ${status} when asked to ${action} ${subject}` +
      `${said ? `: ${said}` : ''}. Check that '${program} ${action}' works in a terminal, or change ${options.setting}.`,
  );
}

function isNotFound(result: ProcessResult): boolean {
  return [result.stdout, result.stderr].some((text) => text.trim().toLowerCase() === CREDENTIALS_NOT_FOUND);
}

/** Asks a helper for one server's credentials; undefined when it has none ("not found" is not an error). */
export async function getFromCredentialHelper(
  helper: string,
  serverAddress: string,
  options: CredentialHelperOptions,
): Promise<DockerCredential | undefined> {
  const { program, result } = await runHelperCommand(helper, 'get', serverAddress, serverAddress, options);
  if (isNotFound(result)) return undefined;
  if (result.exitCode !== 0) throw helperFailed(program, 'get credentials for', serverAddress, result, options);

  let answer: unknown;
  try {
    answer = JSON.parse(result.stdout);
  } catch {
    answer = undefined;
  }
  const username = isObjectRecord(answer) ? answer['Username'] : undefined;
  const secret = isObjectRecord(answer) ? answer['Secret'] : undefined;
  if (typeof username !== 'string' || typeof secret !== 'string') {
    // The output is not shown: if it is almost-JSON it may well contain the secret.
    throw new DockerConfigError(
      'CREDENTIAL_HELPER_FAILED',
      `The credential helper ${program} (from ${options.setting} in ${options.configFile}) answered with something that is not a credential for ${serverAddress}. Check the helper's version.`,
    );
  }
  if (secret === '') return undefined;
  if (username === IDENTITY_TOKEN_USERNAME) return { kind: 'identity-token', identityToken: secret };
  if (username === '') return undefined;
  return { kind: 'password', username, password: secret };
}

/** `list`: the server addresses a helper holds credentials for, with their (non-secret) usernames. */
export async function listCredentialHelper(helper: string, options: CredentialHelperOptions): Promise<Map<string, string>> {
  const { program, result } = await runHelperCommand(helper, 'list', '', 'its list of registries', options);
  if (result.exitCode !== 0) throw helperFailed(program, 'list', 'its registries', result, options);
  let answer: unknown;
  try {
    answer = JSON.parse(result.stdout.trim() === '' ? '{}' : result.stdout);
  } catch {
    answer = undefined;
  }
  if (!isObjectRecord(answer)) {
    throw new DockerConfigError(
      'CREDENTIAL_HELPER_FAILED',
      `The credential helper ${program} (from ${options.setting} in ${options.configFile}) answered 'list' with something that is not a list of registries. Check the helper's version.`,
    );
  }
  const entries = new Map<string, string>();
  for (const [serverAddress, username] of Object.entries(answer)) {
    entries.set(serverAddress, typeof username === 'string' ? username : '');
  }
  return entries;
}
