/**
 * Why the engine cannot be reached, in words a user can act on. Pull and stack errors reuse this for their
 * ENGINE_UNREACHABLE case so the wording is the same everywhere.
 */
import type { EngineEndpoint } from './endpoint';

export interface EngineFailure {
  reason: string;
  fix: string;
}

export function describeEngineFailure(error: unknown, endpoint: EngineEndpoint | undefined): EngineFailure {
  const where = endpoint ? endpoint.url : 'the engine';
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const fromSetting = endpoint?.source === 'setting' ? ' or choose another engine in Settings → Docker engine' : '';
  if (endpoint === undefined) return { reason: message, fix: 'Choose an engine in Settings, or set DOCKER_HOST.' };
  switch (code) {
    case 'ENOENT':
      return {
        reason: `No engine is listening at ${where}: the socket does not exist.`,
        fix: `Start Docker (or Podman)${fromSetting}.`,
      };
    case 'ECONNREFUSED':
      return { reason: `The engine at ${where} refused the connection.`, fix: `Start Docker (or Podman)${fromSetting}.` };
    case 'EACCES':
    case 'EPERM':
      return {
        reason: `Permission denied on ${where}.`,
        fix: 'Add your user to the "docker" group (then log out and in again), or use rootless Docker or Podman.',
      };
    case 'ETIMEDOUT':
      return { reason: `The engine at ${where} did not answer in time.`, fix: 'Check that the engine is running and responsive, then retry.' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: `The engine host in ${where} could not be resolved.`, fix: 'Check the address, your network or VPN.' };
    default:
      return { reason: `The engine at ${where} could not be reached: ${message}`, fix: `Check that the engine is running${fromSetting}.` };
  }
}
