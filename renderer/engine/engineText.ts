import type { EngineEndpointInfo, EngineStatus } from '../../preload/api';

export type ConnectedEngine = Extract<EngineStatus, { state: 'connected' }>;

/** Why main chose this endpoint, in words. */
export function endpointSourceLabel(endpoint: EngineEndpointInfo): string {
  switch (endpoint.source) {
    case 'setting':
      return 'Engine address in Settings';
    case 'DOCKER_HOST':
      return 'DOCKER_HOST environment variable';
    case 'context':
      return endpoint.contextName ? `Docker context “${endpoint.contextName}”` : 'Current Docker context';
    case 'default':
      return 'Platform default';
    case 'podman':
      return 'Podman socket';
  }
}
