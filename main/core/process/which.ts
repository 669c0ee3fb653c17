/**
 * Finding a program on PATH the way a shell would — but only on PATH: never in the current folder.
 *
 * Node's `child_process` given a bare name on Windows looks in the current folder first, so a `docker.exe` left
 * next to a compose file would run. Every program Stevedore starts (docker, compose, credential helpers) is
 * therefore resolved here once to an absolute path, and the same answer is shown in Settings → Tools.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface ProgramSearch {
  platform: NodeJS.Platform;
  /** Read for `PATH` (and `PATHEXT` on Windows). */
  env: NodeJS.ProcessEnv;
  /** Whether `file` is a program that can be started; defaults to the file system. */
  isExecutable?: (file: string) => boolean;
}

/** Windows' own default when `PATHEXT` is unset. */
const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

/** The PATH entries a search looks in: absolute folders only, each once, in order. */
export function searchPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  // Windows keeps the variable as `Path`; Node's env object is case-insensitive there, a plain object is not.
  const value = env.PATH ?? (platform === 'win32' ? Object.entries(env).find(([key]) => key.toUpperCase() === 'PATH')?.[1] : undefined) ?? '';
  const folders: string[] = [];
  for (const raw of value.split(pathApi.delimiter)) {
    // Quotes are legal around a Windows PATH entry; an empty or relative entry means "the current folder".
    const folder = platform === 'win32' ? raw.trim().replace(/^"(.*)"$/, '$1') : raw;
    if (!folder || !pathApi.isAbsolute(folder) || folders.includes(folder)) continue;
    folders.push(folder);
  }
  return folders;
}

/**
 * The absolute path of the first program called `name` on PATH, or undefined. On Windows, `name` without an
 * extension is tried with each of `PATHEXT`'s (`docker` → `docker.exe`), as `cmd.exe` does.
 */
export function findProgram(name: string, search: ProgramSearch): string | undefined {
  const pathApi = search.platform === 'win32' ? path.win32 : path.posix;
  // A name with a folder in it is not looked up on PATH at all.
  if (name.includes('/') || (search.platform === 'win32' && name.includes('\\'))) return undefined;
  const isExecutable = search.isExecutable ?? ((file: string) => isExecutableFile(file, search.platform));
  const candidates = search.platform === 'win32' ? windowsCandidates(name, search.env) : [name];
  for (const folder of searchPath(search.platform, search.env)) {
    for (const candidate of candidates) {
      const file = pathApi.join(folder, candidate);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}

function windowsCandidates(name: string, env: NodeJS.ProcessEnv): string[] {
  const extensions = (env.PATHEXT ?? DEFAULT_PATHEXT)
    .split(';')
    .map((extension) => extension.trim())
    .filter((extension) => extension.startsWith('.'));
  const hasKnownExtension = extensions.some((extension) => name.toLowerCase().endsWith(extension.toLowerCase()));
  return hasKnownExtension ? [name] : extensions.map((extension) => `${name}${extension.toLowerCase()}`);
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
