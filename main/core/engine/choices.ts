/**
 * The engines main offers in Settings: "Automatic" (found as the docker CLI finds one) and each engine the
 * discovery itself can name — `DOCKER_HOST`, the current docker context, the platform default, Podman's socket.
 * The renderer may pick one of these by id only; any other address goes through main's confirmation.
 */
import type { EngineChoice, EngineProbe } from '../../../preload/api';
import path from 'node:path';
import { messageOf } from '../failures';
import { parseEngineAddress } from './address';
import { listDockerContexts } from './contexts';
import { probeEngines } from './probe';
import {
  defaultEndpoint,
  endpointFromCurrentContext,
  findEngineEndpoint,
  podmanSocket,
  realEndpointEnvironment,
  type EndpointEnvironment,
  type EngineEndpoint,
} from './endpoint';

export const AUTOMATIC_ENGINE = 'automatic';
export const CUSTOM_ENGINE = 'custom';

const sourceWords: Record<EngineEndpoint['source'], string> = {
  setting: 'the address chosen in Settings',
  DOCKER_HOST: 'DOCKER_HOST',
  context: 'the current docker context',
  default: 'the platform default',
  podman: "Podman's socket",
};

/** Every choice main offers, "Automatic" first; two ways to the same address are offered once. */
export function discoverEngineChoices(environment: EndpointEnvironment = realEndpointEnvironment()): EngineChoice[] {
  const automaticHelp = 'Finds the engine as the docker CLI does: DOCKER_HOST, then the current docker context, then the platform default, then Podman.';
  let automatic: EngineChoice;
  try {
    const found = findEngineEndpoint(undefined, environment);
    automatic = { id: AUTOMATIC_ENGINE, label: 'Automatic', url: found.url, detail: `${automaticHelp} Now it uses ${sourceWords[found.source]}.` };
  } catch (error) {
    automatic = { id: AUTOMATIC_ENGINE, label: 'Automatic', url: '', detail: `${automaticHelp} Now: ${messageOf(error)}` };
  }

  const specific: EngineChoice[] = [];
  const dockerHost = environment.env.DOCKER_HOST?.trim();
  if (dockerHost) {
    try {
      specific.push({ id: 'docker-host', label: 'DOCKER_HOST', url: parseEngineAddress(dockerHost), detail: 'From the DOCKER_HOST variable Stevedore was started with.' });
    } catch {
      // A DOCKER_HOST that cannot work is reported by "Automatic"; it is not offered as a choice.
    }
  }
  try {
    const context = endpointFromCurrentContext(environment);
    if (context) specific.push({ id: 'context', label: `Docker context "${context.contextName ?? ''}"`, url: context.url, detail: 'The current docker context (docker context use).' });
  } catch {
    // A broken context is reported by "Automatic".
  }
  // Every other docker context (engines added in Stevedore are contexts too); broken ones are left out here.
  const configDir = environment.env.DOCKER_CONFIG?.trim() || path.join(environment.homeDir, '.docker');
  for (const context of listDockerContexts(configDir)) {
    if (context.host === undefined) continue;
    specific.push({ id: `context:${context.name}`, label: `Docker context "${context.name}"`, url: context.host, detail: context.description || `The docker context "${context.name}" (docker --context ${context.name}).` });
  }
  const platformDefault = defaultEndpoint(environment);
  specific.push({ id: 'platform-default', label: 'Platform default', url: platformDefault, detail: "Docker's standard address on this system." });
  const podman = podmanSocket(environment);
  if (podman) specific.push({ id: 'podman', label: 'Podman', url: `unix://${podman}`, detail: "Podman's socket (its Docker-compatible API)." });

  const seen = new Set<string>();
  const unique = specific.filter((choice) => !seen.has(choice.url) && seen.add(choice.url));
  return [automatic, ...unique];
}

/** Which choice a stored setting is: automatic when there is none, a discovered one by address, else custom. */
export function selectedEngineChoice(setting: string | undefined, choices: readonly EngineChoice[]): string {
  if (!setting) return AUTOMATIC_ENGINE;
  return choices.find((choice) => choice.id !== AUTOMATIC_ENGINE && choice.url === setting)?.id ?? CUSTOM_ENGINE;
}

/** Probes every choice that names an address, in parallel; one that cannot even be described is unreachable. */
export async function probeEngineChoices(environment: EndpointEnvironment = realEndpointEnvironment(), timeoutMs = 3000): Promise<EngineProbe[]> {
  const choices = discoverEngineChoices(environment).filter((choice) => choice.url !== '');
  const described = choices.map((choice) => {
    try {
      return findEngineEndpoint(choice.url, environment);
    } catch (error) {
      return messageOf(error);
    }
  });
  const endpoints = described.filter((endpoint): endpoint is EngineEndpoint => typeof endpoint !== 'string');
  const probes = await probeEngines(endpoints, timeoutMs);
  let next = 0;
  return choices.map((choice, index) => {
    const endpoint = described[index];
    if (typeof endpoint === 'string') return { id: choice.id, url: choice.url, reachable: false, reason: endpoint };
    const { tookMs: _took, ...probe } = probes[next++]!;
    return { ...probe, id: choice.id };
  });
}
