/**
 * Which compose files make up a project, as `docker compose up` in its folder would read them, and how their
 * contents combine:
 * - `COMPOSE_FILE` in the project's env file names the files (separated by `COMPOSE_PATH_SEPARATOR`, else the
 *   platform's path-list separator), relative to the project folder;
 * - otherwise the chosen file, plus — when it has one of compose's default names — the first override file beside
 *   it, in compose-go's order (`compose.override.yml`, `compose.override.yaml`, `docker-compose.override.yml`,
 *   `docker-compose.override.yaml`; checked with Compose v2.26 on the test bench).
 * `COMPOSE_FILE` from Stevedore's own environment is ignored, as `COMPOSE_PROJECT_NAME` is (README.md beside this file).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveInsideProject } from './paths';
import { COMPOSE_FILE_NAMES } from './sources';

export const OVERRIDE_FILE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'] as const;

/** The absolute paths of the project's compose files, in the order compose merges them. */
export function composeFiles(file: string, envFileValues: Readonly<Record<string, string>> | undefined, platform: NodeJS.Platform = process.platform): string[] {
  const directory = path.dirname(file);
  const listed = envFileValues?.COMPOSE_FILE?.trim();
  if (listed) {
    const separator = envFileValues?.COMPOSE_PATH_SEPARATOR || (platform === 'win32' ? ';' : ':');
    return listed
      .split(separator)
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => resolveInsideProject(directory, entry, `COMPOSE_FILE ("${entry}") in the env file`));
  }
  if (!(COMPOSE_FILE_NAMES as readonly string[]).includes(path.basename(file))) return [file];
  const override = OVERRIDE_FILE_NAMES.map((name) => path.join(directory, name)).find((candidate) => existsSync(candidate));
  return override ? [file, override] : [file];
}

/**
 * A later file's contents merged over an earlier one's, far enough for what Stevedore reads: mappings merge key
 * by key, anything else is replaced. `build: .` is read as `build: { context: . }` first, as compose does, so an
 * override that sets only `build.dockerfile` keeps the context.
 */
export function mergeComposeFiles(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  return mergeValues(normalizeBuilds(base), normalizeBuilds(override)) as Record<string, unknown>;
}

function mergeValues(base: unknown, override: unknown): unknown {
  if (!isRecord(base) || !isRecord(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = key in base ? mergeValues(base[key], value) : value;
  return merged;
}

function normalizeBuilds(file: Record<string, unknown>): Record<string, unknown> {
  if (!isRecord(file.services)) return file;
  const services: Record<string, unknown> = {};
  for (const [name, service] of Object.entries(file.services)) {
    services[name] = isRecord(service) && typeof service.build === 'string' ? { ...service, build: { context: service.build } } : service;
  }
  return { ...file, services };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
