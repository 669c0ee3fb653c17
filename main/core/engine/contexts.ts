/**
 * Docker contexts as the docker CLI stores them: `$DOCKER_CONFIG/contexts/meta/<id>/meta.json` and the TLS
 * material under `contexts/tls/<id>/docker/{ca,cert,key}.pem`, where `<id>` is the SHA-256 of the context's name.
 * Stevedore reads every context (so Settings can offer them) and writes new ones in exactly that layout, so an
 * engine added in Stevedore is one `docker context ls` shows and `docker --context NAME` uses.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { StevedoreError } from '../errors';
import { parseEngineAddress } from './address';

export interface DockerContext {
  name: string;
  description: string;
  /** The engine address, as checked by parseEngineAddress; undefined when the context names none. */
  host?: string;
  skipTlsVerify: boolean;
  /** Files of the context's TLS material that exist. */
  tls?: { ca?: string; cert?: string; key?: string };
  /** Why this context cannot be used (unreadable meta.json, bad address); it is still listed. */
  problem?: string;
}

export interface NewDockerContext {
  name: string;
  description?: string;
  host: string;
  /** PEM texts (not paths): main read them from the files the user picked in its own dialog. */
  tls?: { ca: string; cert: string; key: string };
}

/** The CLI's rule for context names (cli/context/store: restrictedNamePattern). */
const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;

const contextId = (name: string): string => createHash('sha256').update(name).digest('hex');

export function dockerConfigDirectory(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return env.DOCKER_CONFIG?.trim() || path.join(home, '.docker');
}

/** Every context in the config dir, sorted by name; a broken one is listed with its problem, never thrown. */
export function listDockerContexts(configDir: string): DockerContext[] {
  const metaRoot = path.join(configDir, 'contexts', 'meta');
  let ids: string[];
  try {
    ids = readdirSync(metaRoot);
  } catch {
    return [];
  }
  const contexts = ids.flatMap((id) => {
    const metaFile = path.join(metaRoot, id, 'meta.json');
    if (!existsSync(metaFile)) return [];
    return [readContext(configDir, id, metaFile)];
  });
  return contexts.sort((a, b) => a.name.localeCompare(b.name));
}

function readContext(configDir: string, id: string, metaFile: string): DockerContext {
  let meta: { Name?: unknown; Metadata?: { Description?: unknown }; Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } };
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8')) as typeof meta;
  } catch (error) {
    return { name: id.slice(0, 12), description: '', skipTlsVerify: false, problem: `${metaFile} is not valid JSON (${(error as Error).message}). Remove the context with \`docker context rm\` or fix the file.` };
  }
  const name = typeof meta.Name === 'string' ? meta.Name : id.slice(0, 12);
  const context: DockerContext = {
    name,
    description: typeof meta.Metadata?.Description === 'string' ? meta.Metadata.Description : '',
    skipTlsVerify: meta.Endpoints?.docker?.SkipTLSVerify === true,
  };
  const host = meta.Endpoints?.docker?.Host;
  if (typeof host !== 'string' || host === '') {
    context.problem = `The docker context "${name}" names no engine host. Fix it with \`docker context update ${name} --docker host=…\`.`;
    return context;
  }
  try {
    context.host = parseEngineAddress(host);
  } catch (error) {
    context.problem = `The docker context "${name}": ${(error as Error).message}`;
    return context;
  }
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  const files = { ca: path.join(tlsDir, 'ca.pem'), cert: path.join(tlsDir, 'cert.pem'), key: path.join(tlsDir, 'key.pem') };
  const present = Object.fromEntries(Object.entries(files).filter(([, file]) => existsSync(file)));
  if (Object.keys(present).length > 0) context.tls = present;
  return context;
}

/** Refuses what the CLI would refuse, and what Stevedore will not connect to, before anything is written. */
export function checkNewContext(configDir: string, proposal: { name: string; host: string }): { name: string; host: string } {
  const name = proposal.name.trim();
  if (!CONTEXT_NAME.test(name)) {
    throw new StevedoreError(
      'ENGINE_CONTEXT_INVALID',
      `"${name.slice(0, 100)}" cannot be a docker context name: use at least two letters, digits, "_", ".", "+" or "-", starting with a letter or digit (e.g. staging-box).`,
    );
  }
  if (name === 'default') throw new StevedoreError('ENGINE_CONTEXT_INVALID', '"default" is the docker CLI\'s own context name. Choose another name, e.g. staging-box.');
  if (existsSync(path.join(configDir, 'contexts', 'meta', contextId(name), 'meta.json'))) {
    throw new StevedoreError('ENGINE_CONTEXT_EXISTS', `A docker context named "${name}" already exists. Choose another name, or pick that engine from the list.`);
  }
  const host = parseEngineAddress(proposal.host);
  if (!host.startsWith('ssh://') && !host.startsWith('tcp://')) {
    throw new StevedoreError('ENGINE_CONTEXT_INVALID', `An added engine is reached over SSH or TCP with TLS: write ssh://user@host or tcp://host:2376, not ${host.slice(0, 200)}.`);
  }
  return { name, host };
}

/** Writes the context in the CLI's exact layout: TLS files (0600) first, meta.json last, so a half-written one is never listed. */
export function writeDockerContext(configDir: string, context: NewDockerContext): DockerContext {
  const { name, host } = checkNewContext(configDir, context);
  if (host.startsWith('tcp://') && !context.tls) {
    throw new StevedoreError('ENGINE_CONTEXT_INVALID', `${host} would be reached over plain TCP: choose the folder with its ca.pem, cert.pem and key.pem so Stevedore uses TLS.`);
  }
  const id = contextId(name);
  if (context.tls) {
    const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
    mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
    for (const [file, text] of Object.entries(context.tls)) writeAtomically(path.join(tlsDir, `${file}.pem`), text, 0o600);
  }
  const metaDir = path.join(configDir, 'contexts', 'meta', id);
  mkdirSync(metaDir, { recursive: true, mode: 0o755 });
  const meta = { Name: name, Metadata: { Description: context.description ?? '' }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
  writeAtomically(path.join(metaDir, 'meta.json'), JSON.stringify(meta), 0o644);
  return readContext(configDir, id, path.join(metaDir, 'meta.json'));
}

function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.stevedore-${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, file);
}
