/**
 * Deploying a compose project as a Swarm stack: `docker stack deploy --with-registry-auth -c FILE… NAME` on a Swarm
 * manager, each image's credential resolved by Stevedore's rules (the same resolver pulls use) and handed to the CLI
 * in a private temporary Docker config (./private-config.ts). Refused before anything runs when the engine is not
 * a manager, when the project has errors or services Swarm cannot deploy (only `build:`), when two images on one
 * host need different credentials (./registry-auths.ts), and when credentials would cross a plain `tcp://` link
 * off this machine (../engine/credentials-guard.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { StevedoreError } from '../errors';
import type { ComposeProject } from '../stacks/reader';
import type { CredentialResolution } from '../credentials/resolve';
import { credentialsRefusal } from '../engine/credentials-guard';
import { configAuthsFor, type ResolvedImage } from './registry-auths';
import { runSwarmCli, SwarmCliError, type SwarmCliOptions } from './docker-cli';
import { isSwarmManager } from './role';
import { listStackNetworks } from './services';

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
  /** How long to wait for a removal of the stack still under way (tests make it instant). */
  wait?: StackRemovalWait;
}

export interface SwarmDeployResult {
  stack: string;
  /** Each image and where its credentials came from (no secret). */
  images: Array<{ service: string; image: string; credential: string }>;
  output: string;
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
  let output: string;
  try {
    output = await runSwarmCli(args, auths, request.cli);
  } catch (error) {
    if (!(error instanceof SwarmCliError) || !NETWORK_NOT_FOUND.test(error.output)) throw error;
    // A removal of the stack still finishing on this node (removeSwarmStack; or docker stack rm elsewhere, which does
    // not wait): the CLI found the stack's network and did not create it. Once it is gone, deploy creates it anew.
    const timing = timingOf(request.wait ?? {});
    const left = await networksLeftAt(timing.now() + timing.retryForMs, request.docker, project.name, timing);
    if (left.length > 0) throw error;
    output = await runSwarmCli(args, auths, request.cli);
  }
  return {
    stack: project.name,
    images: images.map((image) => ({ service: image.service, image: image.image, credential: image.resolution.explanation.summary })),
    output,
  };
}

export interface StackRemovalWait {
  /** How long to wait for the stopping tasks (their stop_grace_period, 10 s by default) to let go of the network. */
  retryForMs?: number;
  retryEveryMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the manager answers for a network still attached to a task that is stopping. */
const NETWORK_IN_USE = /\bnetwork \S+ is in use by task\b/;
/** What the manager answers for a service on a network that was removed after the CLI listed it. */
const NETWORK_NOT_FOUND = /\bnetwork \S+ not found\b/;

/**
 * `docker stack rm NAME`: services, networks, configs and secrets of the stack (the CLI needs no credentials), done
 * when this engine no longer lists the stack's networks.
 *
 * The CLI removes the networks right after the services and returns without waiting for the tasks to stop:
 * - a network a stopping task still holds is refused ("is in use by task") and left behind: `stack rm` is asked
 *   again (it removes only what is left of the stack) until it is free;
 * - a network it did remove stays listed on this node until the task there has stopped, and a deploy meanwhile
 *   finds it, does not create it, and fails ("network … not found"): removal waits until it is gone.
 */
export async function removeSwarmStack(stack: string, docker: Docker, cli: SwarmCliOptions, wait: StackRemovalWait = {}): Promise<string> {
  const timing = timingOf(wait);
  const deadline = timing.now() + timing.retryForMs;
  const stillThere = (what: string, output: string) =>
    new SwarmCliError(
      'SWARM_CLI_FAILED',
      `The services of ${stack} are removed, but ${what} after ${Math.round(timing.retryForMs / 1000)} s: its tasks have not stopped. Remove the stack again once they have (Swarm stops a task after its stop_grace_period).`,
      output,
    );
  let output: string;
  for (;;) {
    try {
      output = await runSwarmCli(['stack', 'rm', stack], {}, cli);
      break;
    } catch (error) {
      if (!(error instanceof SwarmCliError) || !NETWORK_IN_USE.test(error.output)) throw error;
      if (timing.now() >= deadline) throw stillThere('a network of the stack is still in use', error.output);
      await timing.sleep(timing.retryEveryMs);
    }
  }
  const left = await networksLeftAt(deadline, docker, stack, timing);
  if (left.length > 0) throw stillThere(`this engine still has the network ${left.join(', ')}`, output);
  return output;
}

function timingOf(wait: StackRemovalWait): Required<StackRemovalWait> {
  return {
    retryForMs: wait.retryForMs ?? 120_000,
    retryEveryMs: wait.retryEveryMs ?? 500,
    now: wait.now ?? Date.now,
    sleep: wait.sleep ?? ((ms: number) => sleep(ms)),
  };
}

/** Waits until this engine lists no network of `stack`, or until `deadline`: the names still listed then. */
async function networksLeftAt(deadline: number, docker: Docker, stack: string, timing: Required<StackRemovalWait>): Promise<string[]> {
  for (;;) {
    const left = await listStackNetworks(docker, stack);
    if (left.length === 0 || timing.now() >= deadline) return left;
    await timing.sleep(timing.retryEveryMs);
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
