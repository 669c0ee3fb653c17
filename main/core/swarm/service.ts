/**
 * Swarm stacks for the window: whether the active engine is a Swarm manager, deploying a stack there
 * (./deploy.ts), its services with replicas and task errors in the catalogue's words (./services.ts,
 * ./task-failure.ts), logs, scale, forced update and removal. The window names a stack by its id and a service by
 * the id main showed it; main finds the compose file itself and checks that the service belongs to the stack.
 */
import type Docker from 'dockerode';
import type { FailureView, StackView } from '../../../preload/api';
import { StevedoreError } from '../errors';
import { engineCallError } from '../failures';
import type { CredentialResolution } from '../credentials/resolve';
import type { EngineEndpoint } from '../engine/endpoint';
import type { ProcessRunner } from '../process/run';
import { readComposeProject, type ComposeProject } from '../stacks/reader';
import { StackStore } from '../stacks/store';
import { isSwarmManager, type SwarmRole } from './role';
import { deploySwarmStack, forceUpdateSwarmService, removeSwarmStack } from './deploy';
import type { SwarmCliOptions } from './docker-cli';
import { listStackServices, scaleService, serviceImage, serviceLogs, STACK_LABEL, type SwarmServiceView } from './services';
import { explainTaskError } from './task-failure';

export interface SwarmServiceRow extends Omit<SwarmServiceView, 'errors'> {
  /** The newest task error of the service in the catalogue's words (the engine's own in `detail`). */
  error?: FailureView;
}

export interface SwarmStackView {
  stackId: string;
  /** The Swarm stack's name (the compose project name). */
  stack: string;
  services: SwarmServiceRow[];
}

export interface SwarmServiceOptions {
  dataDir: string;
  engine: { docker(): Docker; currentEndpoint?: EngineEndpoint | undefined };
  /** The stacks the window knows (`StackService.get`). */
  stacks: { get(id: string): Promise<{ stack: StackView }>; recordDeployedEngine(id: string): Promise<void> };
  resolve: (image: string) => Promise<CredentialResolution>;
  /** The docker CLI program (Settings → Tools), else `docker` on the app's PATH. */
  dockerProgram: () => string | undefined;
  env: NodeJS.ProcessEnv;
  /** Runs the docker CLI (defaults to the real runner; tests answer it). */
  runProcess?: ProcessRunner;
  /** The kept answer the stacks list reads (./role.ts): `isManager` asks the engine afresh and updates it. */
  role?: Pick<SwarmRole, 'refresh'>;
}

class SwarmStackError extends StevedoreError {
  constructor(message: string) {
    super('SWARM_STACK', message);
  }
}

export class SwarmService {
  /** Only for where app stacks live (paths, no reading or writing here). */
  private readonly paths: StackStore;

  constructor(private readonly options: SwarmServiceOptions) {
    this.paths = new StackStore(options.dataDir);
  }

  async isManager(): Promise<boolean> {
    if (this.options.role !== undefined) return this.options.role.refresh();
    try {
      return await isSwarmManager(this.options.engine.docker());
    } catch {
      return false; // No engine: the engine status says so.
    }
  }

  async deploy(stackId: string): Promise<SwarmStackView> {
    const project = await this.project(stackId);
    await deploySwarmStack({ project, docker: this.options.engine.docker(), resolve: this.options.resolve, cli: this.cli() });
    // As a Compose deploy does: the stack remembers the engine it went to, and says so after a switch.
    await this.options.stacks.recordDeployedEngine(stackId);
    return this.view(stackId, project.name);
  }

  async services(stackId: string): Promise<SwarmStackView> {
    return this.view(stackId, (await this.options.stacks.get(stackId)).stack.project);
  }

  async scale(stackId: string, serviceId: string, replicas: number): Promise<SwarmStackView> {
    const stack = await this.serviceOf(stackId, serviceId);
    await this.engine((docker) => scaleService(docker, serviceId, replicas));
    return this.view(stackId, stack);
  }

  async update(stackId: string, serviceId: string): Promise<SwarmStackView> {
    const stack = await this.serviceOf(stackId, serviceId);
    await forceUpdateSwarmService(await this.engine((docker) => serviceImage(docker, serviceId)), this.options.resolve, this.cli());
    return this.view(stackId, stack);
  }

  async logs(stackId: string, serviceId: string, tail: number): Promise<string[]> {
    await this.serviceOf(stackId, serviceId);
    return this.engine((docker) => serviceLogs(docker, serviceId, tail));
  }

  async remove(stackId: string): Promise<boolean> {
    const stack = (await this.options.stacks.get(stackId)).stack.project;
    if ((await this.engine((docker) => listStackServices(docker, stack))).length === 0) return false;
    await this.engine(async (docker) => removeSwarmStack(stack, docker, this.cli()));
    return true;
  }

  /** An engine call whose failure the window can act on: unreachable (where, what to do) or what the engine said. */
  private async engine<T>(call: (docker: Docker) => Promise<T>): Promise<T> {
    try {
      return await call(this.options.engine.docker());
    } catch (error) {
      throw error instanceof StevedoreError ? error : engineCallError(error, this.options.engine.currentEndpoint?.url);
    }
  }

  private cli(): SwarmCliOptions {
    const program = this.options.dockerProgram();
    const { runProcess } = this.options;
    return { endpoint: this.options.engine.currentEndpoint, env: this.options.env, ...(program ? { dockerProgram: program } : {}), ...(runProcess ? { run: runProcess } : {}) };
  }

  /** The stack's compose project, read by main from where main keeps it. */
  private async project(stackId: string): Promise<ComposeProject> {
    const { stack } = await this.options.stacks.get(stackId);
    if (stack.kind === 'external') {
      throw new SwarmStackError(`${stack.name} was started outside Stevedore, so there is no compose file to deploy. Open its compose file first.`);
    }
    const file = stack.kind === 'app' ? this.paths.appStackFile(stack.name) : stack.location;
    if (file === undefined) throw new SwarmStackError(`The compose file of ${stack.name} is not known. Open it again.`);
    const envFile = stack.kind === 'app' ? this.paths.appStackEnvFile(stack.name) : stack.envFile;
    return readComposeProject({
      file,
      env: this.options.env,
      ...(envFile ? { envFile } : {}),
      ...(stack.projectNameOverride ? { projectName: stack.projectNameOverride } : {}),
    });
  }

  /** The stack name of a service the window named, when it belongs to this stack. */
  private async serviceOf(stackId: string, serviceId: string): Promise<string> {
    const stack = (await this.options.stacks.get(stackId)).stack.project;
    const services = await this.engine((docker) => listStackServices(docker, stack));
    if (!services.some((service) => service.id === serviceId)) {
      throw new SwarmStackError(`That service is not part of the Swarm stack ${stack} (label ${STACK_LABEL}) any more. Refresh the stack.`);
    }
    return stack;
  }

  private async view(stackId: string, stack: string): Promise<SwarmStackView> {
    const docker = this.options.engine.docker();
    const services = await this.engine(() => listStackServices(docker, stack));
    const rows = await Promise.all(
      services.map(async ({ errors, ...service }): Promise<SwarmServiceRow> => {
        const newest = service.running < service.desired ? errors[0] : undefined;
        if (newest === undefined) return service;
        const error = await explainTaskError({ docker, image: service.image, error: newest.error, resolve: this.options.resolve, engineEndpoint: this.options.engine.currentEndpoint?.url });
        return { ...service, error };
      }),
    );
    return { stackId, stack, services: rows };
  }
}
