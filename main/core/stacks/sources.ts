/**
 * Where a stack's compose file comes from when the user picks a file or a folder: a folder is searched the way
 * compose searches its working directory. The chosen path is resolved once, here, in main; the renderer only
 * ever holds the stack id it is given.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { StevedoreError } from '../errors';

/** compose-go's default file names, in its order. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;

class StackSourceError extends StevedoreError {
  declare readonly code: 'STACK_SOURCE_INVALID';
  constructor(message: string) {
    super('STACK_SOURCE_INVALID', message);
  }
}

/** The absolute, symlink-free path of the compose file a chosen file or folder stands for. */
export async function resolveComposeSource(chosen: string): Promise<string> {
  if (!path.isAbsolute(chosen)) throw new StackSourceError(`"${chosen}" is not an absolute path; choose the file or folder again.`);
  const info = await statOrUndefined(chosen);
  if (info === undefined) throw new StackSourceError(`${chosen} does not exist (any more). Choose the file or folder again.`);
  if (info.isFile()) return realpath(chosen);
  if (!info.isDirectory()) throw new StackSourceError(`${chosen} is neither a file nor a folder.`);
  for (const name of COMPOSE_FILE_NAMES) {
    const candidate = path.join(chosen, name);
    if ((await statOrUndefined(candidate))?.isFile()) return realpath(candidate);
  }
  throw new StackSourceError(
    `There is no compose file in ${chosen}: Stevedore looks for ${COMPOSE_FILE_NAMES.join(', ')} (in that order), as compose does. ` +
      'Choose the compose file itself if it has another name.',
  );
}

async function statOrUndefined(file: string) {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}
