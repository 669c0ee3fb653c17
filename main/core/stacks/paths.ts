/**
 * The guard against path tricks in compose files (`env_file: ../../home/me/.ssh/id_rsa`, `/etc/shadow`, a
 * symlink pointing out of the folder): a file a compose file names must stay inside its project folder, both as
 * written and after following symlinks.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { StevedoreError } from '../errors';

export class ComposePathError extends StevedoreError {
  declare readonly code: 'COMPOSE_PATH';
  constructor(message: string) {
    super('COMPOSE_PATH', message);
  }
}

export function isInside(directory: string, candidate: string): boolean {
  const relative = path.relative(directory, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Resolves `written` against `projectDir` and returns the absolute path, or throws when it leaves the folder.
 * `what` names the setting for the message, e.g. `env_file of service "web"`.
 */
export function resolveInsideProject(projectDir: string, written: string, what: string): string {
  if (written.includes('\0')) throw new ComposePathError(`${what} contains a NUL character; write a plain relative path.`);
  const root = realOrSelf(projectDir);
  const resolved = path.resolve(projectDir, written);
  const outside = () =>
    new ComposePathError(
      `${what} points outside the project folder ("${written}"). Stevedore only reads files inside the folder that holds ` +
        `the compose file; move the file into that folder and refer to it with a relative path.`,
    );
  if (!isInside(projectDir, resolved) && !isInside(root, resolved)) throw outside();
  // A symlink inside the folder may still lead out of it.
  const real = realOrSelf(resolved);
  if (real !== resolved && !isInside(root, real)) throw outside();
  return resolved;
}

function realOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
