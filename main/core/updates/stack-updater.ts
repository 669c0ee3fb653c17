/**
 * "Update stack" (issue 14, item 4): pull the stack's changed images, each with its own credential (the pull
 * service resolves it as for any pull), then `docker compose up -d --no-deps --pull never` for exactly the
 * services whose image changed — and those still running an older image pulled earlier. If any pull fails,
 * nothing is recreated: what runs stays as it was, and the result says which pull failed and why.
 */
import type { DeployLogLine, PullView, StackActionResult, StackUpdateResult, UpdatesView } from '../../../preload/api';
import { parseImageReference } from '../credentials/reference';
import { StevedoreError } from '../errors';
import type { StackPuller } from '../stacks/deploy';
import type { StackImageUse } from './inventory';

export interface StackUpdaterOptions {
  /** Checks the stack's images now (UpdatesService.check). */
  check: (stackId: string) => Promise<UpdatesView>;
  stackUses: () => Promise<StackImageUse[]>;
  puller: Pick<StackPuller, 'start' | 'waitFor'>;
  recreate: (stackId: string, services: readonly string[]) => Promise<StackActionResult>;
  /** Stacks the user stopped checking. */
  ignoredStacks: () => readonly string[];
  /** Runs the whole update with the stack marked busy, as a redeploy is (StackService.whileUpdating). */
  whileBusy?: <T>(stackId: string, work: () => Promise<T>) => Promise<T>;
  clock?: () => Date;
}

type ServiceResult = StackUpdateResult['services'][number];

export class StackUpdater {
  private readonly busy = new Set<string>();

  constructor(private readonly options: StackUpdaterOptions) {}

  async apply(stackId: string): Promise<StackUpdateResult> {
    if (this.busy.has(stackId)) throw new StevedoreError('STACK_BUSY', 'This stack is already being updated; wait for that update to finish.');
    this.busy.add(stackId);
    try {
      const whileBusy = this.options.whileBusy ?? ((_id, work) => work());
      return await whileBusy(stackId, () => this.run(stackId));
    } finally {
      this.busy.delete(stackId);
    }
  }

  private async run(stackId: string): Promise<StackUpdateResult> {
    const clock = this.options.clock ?? (() => new Date());
    const log: DeployLogLine[] = [];
    const say = (text: string) => log.push({ at: clock().toISOString(), stream: 'stevedore', text });
    const uses = (await this.options.stackUses()).filter((use) => use.stackId === stackId);
    if (uses.length === 0) throw new StevedoreError('STACK_NOT_FOUND', 'Stevedore knows no services with images in this stack: open or refresh it in Stacks, then try again.');
    const stackIgnored = this.options.ignoredStacks().includes(stackId);
    const view = await this.options.check(stackId);
    const byKey = new Map(view.images.map((image) => [image.image, image]));
    const results = new Map<string, ServiceResult>();
    const toPull = new Map<string, string[]>();
    const stale: string[] = [];
    for (const use of uses) {
      const key = parseImageReference(use.image).familiarReference;
      const update = byKey.get(key);
      if (use.optedOut || stackIgnored) {
        results.set(use.service, { service: use.service, image: key, outcome: 'ignored', message: stackIgnored ? 'Updates are off for this stack.' : 'The service has the label dev.stevedore.updates: "false".' });
      } else if (update?.state === 'update-available') {
        toPull.set(key, [...(toPull.get(key) ?? []), use.service]);
      } else if (update?.staleContainers.some((container) => container.stackId === stackId && container.service === use.service)) {
        stale.push(use.service);
      } else {
        results.set(use.service, { service: use.service, image: key, outcome: 'unchanged', message: update?.problem === undefined ? undefined : `${update.problem.title}. ${update.problem.fix}` });
      }
    }

    const pulled = await Promise.all(
      [...toPull.keys()].map(async (image) => {
        say(`Pulling ${image}`);
        const final: PullView = await this.options.puller.waitFor(this.options.puller.start({ image }).id);
        const failure = final.state === 'done' ? undefined : final.error === undefined ? `The pull ended ${final.state}.` : `${final.error.title}. ${final.error.fix}`;
        say(failure === undefined ? `Pulled ${image}` : `Pull of ${image} failed: ${failure}`);
        return { image, failure };
      }),
    );
    const failed = pulled.filter((pull) => pull.failure !== undefined);
    for (const { image, failure } of pulled) {
      for (const service of toPull.get(image) ?? []) {
        if (failure !== undefined) results.set(service, { service, image, outcome: 'pull-failed', message: failure });
        else if (failed.length > 0) results.set(service, { service, image, outcome: 'unchanged', message: 'Pulled, but not recreated: another image of the stack failed to pull, so nothing running was changed.' });
      }
    }
    const recreate = failed.length > 0 ? [] : [...[...toPull.values()].flat(), ...stale];
    if (failed.length > 0) say('Nothing was recreated because a pull failed.');
    if (recreate.length > 0) {
      say(`Recreating ${recreate.join(', ')}`);
      try {
        const action = await this.options.recreate(stackId, recreate);
        log.push(...action.log);
        for (const service of recreate) results.set(service, { service, image: imageOf(uses, service), outcome: 'recreated' });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        for (const service of recreate) results.set(service, { service, image: imageOf(uses, service), outcome: 'recreate-failed', message });
      }
    } else if (failed.length === 0) {
      say('Every service already runs the registry’s current image.');
    }
    const services = uses.map((use) => results.get(use.service)).filter((result): result is ServiceResult => result !== undefined);
    return { stackId, services: services.map(withoutEmptyMessage), log };
  }
}

function imageOf(uses: readonly StackImageUse[], service: string): string {
  const use = uses.find((candidate) => candidate.service === service);
  return use === undefined ? '' : parseImageReference(use.image).familiarReference;
}

function withoutEmptyMessage(result: ServiceResult): ServiceResult {
  if (result.message !== undefined) return result;
  const { message: _message, ...rest } = result;
  return rest;
}
