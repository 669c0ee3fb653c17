import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { DockerConfigError } from './errors';

/** One `auths` entry as the docker CLI writes it. Holds secrets. */
export interface DockerAuthsEntry {
  /** base64 of `username:password`. */
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export interface DockerConfigFile {
  path: string;
  /** False when the file does not exist — which is not an error: it means "nothing configured". */
  exists: boolean;
  /** In file order: the key lookup prefers earlier keys among equals. */
  auths: ReadonlyMap<string, DockerAuthsEntry>;
  credsStore?: string;
  credHelpers: ReadonlyMap<string, string>;
}

/** Real config files are a few KiB; anything this big is not one, and reading it whole would be a risk. */
export const MAX_DOCKER_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Opening a FIFO for reading waits for a writer; O_NONBLOCK returns at once instead (and changes nothing for a
 * regular file). Windows has no FIFOs and no such flag.
 */
const OPEN_FLAGS = constants.O_NONBLOCK === undefined ? 'r' : constants.O_RDONLY | constants.O_NONBLOCK;

const AUTHS_ENTRY_FIELDS = ['auth', 'username', 'password', 'identitytoken'] as const;

function emptyConfig(path: string, exists: boolean): DockerConfigFile {
  return { path, exists, auths: new Map(), credHelpers: new Map() };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(path: string, problem: string): DockerConfigError {
  return new DockerConfigError(
    'DOCKER_CONFIG_INVALID',
    `The Docker config file ${path} is not valid: ${problem}. Fix the file (or run docker login again), or choose another file in Settings → Docker credentials.`,
  );
}

/** Where in the text JSON.parse gave up, as line:column — never the text itself, which may hold credentials. */
function describeJsonSyntaxError(error: unknown, text: string): string {
  const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  if (position === undefined) return 'it is not valid JSON';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `it is not valid JSON (error at line ${line}, column ${column})`;
}

/** Parses config.json text. Only the parts Stevedore uses are checked; unknown fields are the CLI's business. */
export function parseDockerConfigText(text: string, path: string): DockerConfigFile {
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (withoutBom.trim() === '') return emptyConfig(path, true);
  let parsed: unknown;
  try {
    parsed = JSON.parse(withoutBom);
  } catch (error) {
    throw invalid(path, describeJsonSyntaxError(error, withoutBom));
  }
  if (!isPlainObject(parsed)) throw invalid(path, 'the top level must be a JSON object');

  const auths = new Map<string, DockerAuthsEntry>();
  if (parsed['auths'] !== undefined) {
    const rawAuths = parsed['auths'];
    if (!isPlainObject(rawAuths)) throw invalid(path, "'auths' must be an object of registry entries");
    for (const [key, rawEntry] of Object.entries(rawAuths)) {
      if (!isPlainObject(rawEntry)) throw invalid(path, `auths["${key}"] must be an object`);
      const entry: DockerAuthsEntry = {};
      for (const field of AUTHS_ENTRY_FIELDS) {
        const value = rawEntry[field];
        if (value === undefined || value === null) continue;
        if (typeof value !== 'string') throw invalid(path, `auths["${key}"].${field} must be text`);
        entry[field] = value;
      }
      auths.set(key, entry);
    }
  }

  let credsStore: string | undefined;
  if (parsed['credsStore'] !== undefined && parsed['credsStore'] !== null) {
    if (typeof parsed['credsStore'] !== 'string') throw invalid(path, "'credsStore' must be the name of a credential helper");
    // The CLI treats an empty credsStore as "none".
    credsStore = parsed['credsStore'].trim() || undefined;
  }

  const credHelpers = new Map<string, string>();
  if (parsed['credHelpers'] !== undefined && parsed['credHelpers'] !== null) {
    const rawHelpers = parsed['credHelpers'];
    if (!isPlainObject(rawHelpers)) throw invalid(path, "'credHelpers' must map registry hosts to credential helper names");
    for (const [key, helper] of Object.entries(rawHelpers)) {
      if (typeof helper !== 'string') throw invalid(path, `credHelpers["${key}"] must be the name of a credential helper`);
      if (helper.trim() !== '') credHelpers.set(key, helper.trim());
    }
  }

  const config: DockerConfigFile = { path, exists: true, auths, credHelpers };
  if (credsStore !== undefined) config.credsStore = credsStore;
  return config;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Refuses anything but a regular file of a config file's size, with a message naming the file. */
function checkConfigFileStats(path: string, info: Stats): void {
  if (!info.isFile()) {
    throw new DockerConfigError(
      'DOCKER_CONFIG_UNREADABLE',
      `${path} is not a regular file (it is ${kindOf(info)}), so it cannot be a Docker config file. Choose the config.json that docker login writes (in ~/.docker or $DOCKER_CONFIG), or use the default, in Settings → Docker credentials.`,
    );
  }
  if (info.size > MAX_DOCKER_CONFIG_BYTES) throw tooLarge(path, info.size);
}

function tooLarge(path: string, size: number): DockerConfigError {
  return new DockerConfigError(
    'DOCKER_CONFIG_INVALID',
    `The Docker config file ${path} is ${formatMiB(size)}, but a Docker config file is a few KiB and Stevedore reads at most ${MAX_DOCKER_CONFIG_BYTES / 1024 / 1024} MiB. Choose the config.json that docker login writes, or use the default, in Settings → Docker credentials.`,
  );
}

/**
 * Reads at most the cap (plus one byte, to notice a longer file) from a regular file. The type and size are
 * checked again on the open handle, so a file swapped or grown after the first check is still refused. The buffer
 * starts at the size the handle reports, plus the byte that notices growth, and grows only for a file that grew:
 * one of the cap's size, zeroed on every read, was 4 MiB per pull and per credential lookup for a file of a few
 * hundred bytes (session 13: 20 reads 11–17 ms, and the garbage collector's largest share of a deploy).
 */
async function readBoundedText(path: string): Promise<string> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const info = await handle.stat();
    checkConfigFileStats(path, info);
    let buffer = Buffer.allocUnsafe(info.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        if (length > MAX_DOCKER_CONFIG_BYTES) break;
        const grown = Buffer.allocUnsafe(Math.min(MAX_DOCKER_CONFIG_BYTES + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
    }
    if (length > MAX_DOCKER_CONFIG_BYTES) throw tooLarge(path, length);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Reads the Docker config file. A missing file is an empty configuration; anything else wrong is a typed error. */
export async function readDockerConfigFile(path: string): Promise<DockerConfigFile> {
  try {
    checkConfigFileStats(path, await stat(path));
    return parseDockerConfigText(await readBoundedText(path), path);
  } catch (error) {
    if (error instanceof DockerConfigError) throw error;
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return emptyConfig(path, false);
    throw new DockerConfigError(
      'DOCKER_CONFIG_UNREADABLE',
      `The Docker config file ${path} could not be read (${code ?? 'unknown error'}); check its permissions, or choose another file in Settings → Docker credentials.`,
      { cause: error },
    );
  }
}
