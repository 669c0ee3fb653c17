/**
 * Compose project names: `[a-z0-9][a-z0-9_-]*`. A folder name is normalised the way compose does it (lower case,
 * other characters dropped, leading `_`/`-` trimmed); a name someone wrote (the user's override, `name:` in the
 * file, COMPOSE_PROJECT_NAME in the project's .env) is checked instead, because silently changing what a person
 * typed would deploy under a name they did not choose.
 */
import { StevedoreError } from '../errors';

const VALID_PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** Far above any real project; keeps container names (project-service-N) under the engine's limits. */
export const MAX_PROJECT_NAME_LENGTH = 63;

class ProjectNameError extends StevedoreError {
  declare readonly code: 'STACK_NAME_INVALID';
  constructor(message: string) {
    super('STACK_NAME_INVALID', message);
  }
}

export function normalizeProjectName(folderName: string): string {
  return folderName
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '')
    .slice(0, MAX_PROJECT_NAME_LENGTH);
}

export function isValidProjectName(name: string): boolean {
  return name.length <= MAX_PROJECT_NAME_LENGTH && VALID_PROJECT_NAME.test(name);
}

/** Throws a message that says where the name came from and what a valid one looks like. */
export function checkProjectName(name: string, origin: string): string {
  if (isValidProjectName(name)) return name;
  const suggestion = normalizeProjectName(name);
  const example = suggestion ? ` such as "${suggestion}"` : ' such as "my-stack"';
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  throw new ProjectNameError(
    name === ''
      ? `${origin} is empty. A project name is needed: use lowercase letters, digits, "_" and "-"${example}.`
      : `${origin} "${shown}" is not a valid project name: use up to ${MAX_PROJECT_NAME_LENGTH} lowercase letters, digits, "_" and "-", ` +
          `starting with a letter or digit${example}.`,
  );
}
