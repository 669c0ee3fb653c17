/**
 * Deploying a compose project as a Swarm stack: `docker stack deploy --with-registry-auth -c FILE… NAME` on a Swarm
 * manager, each image's credential resolved by Stevedore's rules (the same resolver pulls use) and handed to the CLI
 * in a private temporary Docker config (./private-config.ts). Refused before anything runs when the engine is not
 * a manager, when the project has errors or services Swarm cannot deploy (only `build:`), when two images on one
 * host need different credentials (./registry-auths.ts), and when credentials would cross a plain `tcp://` link
 * off this machine (../engine/credentials-guard.ts).
 */
import type Docker from 'dockerode';
import { StevedoreError } from '../errors';
import type { ComposeProject } from '../stacks/reader';
import type { CredentialResolution } from '../credentials/resolve';
import { credentialsRefusal } from '../engine/credentials-guard';
import { configAuthsFor, type ResolvedImage } from './registry-auths';
import { runSwarmCli, SwarmCliError, type SwarmCliOptions } from './docker-cli';

type SwarmDeployErrorCode = 'SWARM_NOT_MANAGER' | 'SWARM_PROJECT_INVALID';

class SwarmDeployError extends StevedoreError {
  declare readonly code: SwarmDeployErrorCode;
  constructor(code: SwarmDeployErrorCode, message: string) {
    super(code, message);
  }
}

export interface SwarmDeployRequest {
  project: ComposeProject;
  docker: Docker;
  /** The credential resolver's `resolve` (decrypts only what this deploy uses). */
  resolve: (image: string) => Promise<CredentialResolution>;
  cli: SwarmCliOptions;
}

export interface SwarmDeployResult {
  stack: string;
  /** Each image and where its credentials came from (no secret). */
  images: Array<{ service: string; image: string; credential: string }>;
  output: string;
}

/** Whether the engine is a Swarm manager (`/info` → `Swarm.ControlAvailable`). */
export async function isSwarmManager(docker: Docker): Promise<boolean> {
  const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
  return info.Swarm?.ControlAvailable === true;
}

export async function deploySwarmStack(request: SwarmDeployRequest): Promise<SwarmDeployResult> {
  const { project } = request;
  const errors = project.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new SwarmDeployError('SWARM_PROJECT_INVALID', `The compose file has ${errors.length} error(s), first: ${errors[0]?.message ?? ''} Fix the file, then deploy again.`);
  }
  const unbuilt = project.services.filter((service) => service.active && service.reference === undefined);
  if (unbuilt.length > 0) {
    const names = unbuilt.map((service) => service.name).join(', ');
    throw new SwarmDeployError(
      'SWARM_PROJECT_INVALID',
      `Service(s) ${names} have no image to pull. Swarm does not build images: every node pulls the service's image from a registry. Build and push the image, name it in image:, then deploy again.`,
    );
  }
  if (!(await isSwarmManager(request.docker))) {
    throw new SwarmDeployError(
      'SWARM_NOT_MANAGER',
      'The active engine is not a Swarm manager, so it cannot deploy a Swarm stack. Switch to a manager of the Swarm (or run docker swarm init there), or deploy with Compose.',
    );
  }
  const images: ResolvedImage[] = [];
  for (const service of project.services) {
    if (!service.active || service.reference === undefined) continue;
    images.push({ service: service.name, image: service.image ?? service.reference.canonical, host: service.reference.host, resolution: await request.resolve(service.reference.canonical) });
  }
  // Refuses before anything runs when one host would need two credentials.
  const auths = configAuthsFor(images);
  if (Object.keys(auths).length > 0 && request.cli.endpoint) {
    const refusal = credentialsRefusal(request.cli.endpoint);
    if (refusal) throw refusal;
  }
  const args = ['stack', 'deploy', '--with-registry-auth', ...project.files.flatMap((file) => ['-c', file]), project.name];
  const output = await runSwarmCli(args, auths, request.cli);
  return {
    stack: project.name,
    images: images.map((image) => ({ service: image.service, image: image.image, credential: image.resolution.explanation.summary })),
    output,
  };
}

export interface StackRemovalWait {
  /** How long to keep asking while the stopping tasks hold a network (their stop_grace_period; 10 s by default). */
  retryForMs?: number;
  retryEveryMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the manager answers for a network still attached to a task that is stopping. */
const NETWORK_IN_USE = /\bnetwork \S+ is in use by task\b/;

/**
 * `docker stack rm NAME`: services, networks, configs and secrets of the stack (the CLI needs no credentials).
 * The CLI removes the networks right after the services, without waiting for their tasks to stop, so a network
 * is refused while a task still holds it and left behind. Removal asks again until the network is free; running
 * `stack rm` again only removes what is left of the stack.
 */
export async function removeSwarmStack(stack: string, cli: SwarmCliOptions, wait: StackRemovalWait = {}): Promise<string> {
  const { retryForMs = 120_000, retryEveryMs = 1_000, now = Date.now, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = wait;
  const deadline = now() + retryForMs;
  for (;;) {
    try {
      return await runSwarmCli(['stack', 'rm', stack], {}, cli);
    } catch (error) {
      if (!(error instanceof SwarmCliError) || !NETWORK_IN_USE.test(error.output)) throw error;
      if (now() >= deadline) {
        throw new SwarmCliError(
          'SWARM_CLI_FAILED',
          `The services of ${stack} are removed, but a network of the stack is still in use by tasks that have not stopped after ${Math.round(retryForMs / 1000)} s. Remove the stack again once they have stopped (Swarm stops a task after its stop_grace_period).`,
          error.output,
        );
      }
      await sleep(retryEveryMs);
    }
  }
}

/**
 * `docker service update --force --with-registry-auth SERVICE`: new tasks for the service (pulling its image
 * again), with the credential Stevedore resolves for the image now.
 */
export async function forceUpdateSwarmService(
  service: { id: string; image: string; host: string; name: string },
  resolve: (image: string) => Promise<CredentialResolution>,
  cli: SwarmCliOptions,
): Promise<string> {
  const auths = configAuthsFor([{ service: service.name, image: service.image, host: service.host, resolution: await resolve(service.image) }]);
  if (Object.keys(auths).length > 0 && cli.endpoint) {
    const refusal = credentialsRefusal(cli.endpoint);
    if (refusal) throw refusal;
  }
  return runSwarmCli(['service', 'update', '--force', '--with-registry-auth', '--detach', '--', service.id], auths, cli);
}
