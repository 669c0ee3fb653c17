/**
 * A deploy's pulls against compose's way (issue 15, deploy end to end): all of a stack's pulls start together,
 * compose's own check of the file runs while they pull and still stops the deploy before `up`, and the deploy's
 * pulls are handed over once, together (to be recorded among the recent images in one settings write and
 * re-checked for updates from one listing).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PullView } from '../../../preload/api';
import { PullService } from '../../../main/core/pull/service';
import { DeployRun, type DeployRequest } from '../../../main/core/stacks/deploy';
import type { Preflight } from '../../../main/core/stacks/preflight';
import type { ComposeProblem } from '../../../main/core/stacks/reader';
import { EngineDouble, succeed } from '../pull/engine-double';
import { deployRequest } from './deploy-request';

const IMAGES = Array.from({ length: 8 }, (_, index) => `127.0.0.1:5001/shop/svc${index + 1}:1.0`);

const services: PullService[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.cancelAll();
});

function setup(credential: { summary: string; reason: string } = { summary: 'anonymous.', reason: 'Anonymous.' }) {
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-deploy-pulls-'));
  const record = path.join(folder, 'calls.txt');
  const program = path.join(folder, 'fake-compose');
  // Records each call's arguments on one line, then succeeds.
  writeFileSync(program, `#!/bin/sh\necho "$*" >> '${record}'\n`);
  chmodSync(program, 0o755);
  const file = path.join(folder, 'compose.yaml');
  const preflight: Preflight = {
    project: { name: 'shop', nameSource: 'override', file, files: [file], directory: folder, services: [], problems: [], environment: {}, hiddenValues: [] },
    services: IMAGES.map((image, index) => ({ service: `svc${index + 1}`, image, canonical: image, pullReference: image, build: false, action: 'pull', reason: 'The engine does not have it yet.' })),
    problems: [],
    ok: true,
  };
  const engine = new EngineDouble();
  const finished: Array<{ image: string; forDeploy: boolean }> = [];
  const pulls = new PullService({
    docker: () => engine.client,
    resolve: async () => ({ explanation: { source: 'anonymous', ...credential } }),
    maxConcurrent: () => 3,
    throttleMs: 0,
    onFinished: (view, how) => finished.push({ image: view.image, forDeploy: how.forDeploy }),
  });
  services.push(pulls);
  const handOvers: PullView[][] = [];
  let handOverArrived!: () => void;
  const handedOver = new Promise<void>((resolve) => (handOverArrived = resolve));
  const request = (overrides: Partial<DeployRequest> = {}): DeployRequest =>
    deployRequest(preflight, program, {
      puller: {
        start: (pull, options) => pulls.start(pull, options),
        waitFor: (id) => pulls.waitFor(id),
        onProgress: (listener) => pulls.onProgress(listener),
        handOver: (pulled) => {
          handOvers.push([...pulled]);
          handOverArrived();
        },
      },
      ...overrides,
    });
  const composeCalls = () => (existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : []);
  return { engine, pulls, finished, request, handOvers, handedOver, composeCalls };
}

/** Turns of the event loop until `condition` holds or the deploy ended. */
async function until(condition: () => boolean, run: DeployRun): Promise<void> {
  while (!condition() && !run.finished) await new Promise((resolve) => setImmediate(resolve));
}

const succeedAll = async (engine: EngineDouble) => {
  await engine.pullCount(IMAGES.length);
  for (const call of engine.pulls) succeed(call);
};

describe('a deploy of eight images (pull limit 3)', () => {
  it('starts all eight pulls before any finishes, as compose does', async () => {
    const { engine, pulls, request } = setup();
    const run = new DeployRun(request());
    await until(() => pulls.list().length === IMAGES.length, run);
    expect(pulls.list().map((view: PullView) => view.state).filter((state) => state === 'queued')).toEqual([]);
    await succeedAll(engine);
    expect((await run.done).state).toBe('done');
  });

  it("runs compose's check of the file while the images pull, and compose up only once it passed", async () => {
    const { engine, pulls, request, composeCalls } = setup();
    let accept!: (problems: ComposeProblem[]) => void;
    const check = new Promise<ComposeProblem[]>((resolve) => (accept = resolve));
    const run = new DeployRun(request({ composeCheck: () => check }));
    await until(() => pulls.list().length === IMAGES.length, run);
    expect(pulls.list()).toHaveLength(IMAGES.length);
    await succeedAll(engine);
    await Promise.all(pulls.list().map((view) => pulls.waitFor(view.id)));
    expect(composeCalls().filter((call) => call.includes(' up '))).toEqual([]);
    accept([]);
    expect((await run.done).state).toBe('done');
    expect(composeCalls().filter((call) => call.includes(' up '))).toHaveLength(1);
  });

  it('fails before compose up when compose refuses the file, whenever its answer comes', async () => {
    const { engine, pulls, request, composeCalls } = setup();
    const refusal: ComposeProblem = { code: 'COMPOSE_CONFIG', severity: 'error', message: 'Compose refuses the project: services.svc1.ports must be a list.' };
    const run = new DeployRun(request({ composeCheck: async () => [refusal] }));
    await until(() => pulls.list().length === IMAGES.length, run);
    await succeedAll(engine);
    const final = await run.done;
    expect(final).toMatchObject({ state: 'failed', error: { code: 'COMPOSE_CONFIG', cause: refusal.message } });
    expect(final.error?.fix).toMatch(/nothing was started/i);
    expect(composeCalls()).toEqual([]);
  });

  it('hands its eight pulls over once, together, in the order they finished, instead of one write and one re-check per pull', async () => {
    const { engine, request, handOvers, handedOver, finished } = setup();
    const run = new DeployRun(request());
    await engine.pullCount(IMAGES.length);
    // Finishing in reverse order: the hand-over lists them as they finished, the last one last.
    for (const call of [...engine.pulls].reverse()) {
      succeed(call);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await run.done;
    await handedOver;
    expect(handOvers.map((pulled) => pulled.map((view) => [view.image, view.state]))).toEqual([[...IMAGES].reverse().map((image) => [image, 'done'])]);
    expect(finished.map((entry) => entry.forDeploy)).toEqual(IMAGES.map(() => true));
  });

  it("says each image's credentials, with a value of Stevedore's environment in them replaced by its text as written", async () => {
    // A registry host taken from a secret-looking variable (\${REGISTRY_TOKEN_HOST}): its value names the server.
    const hidden = 'tok-9f2c1e7d.registry.example';
    const { engine, request } = setup({ summary: `${IMAGES[0]} uses registry 'Team' as ci, sent to ${hidden}.`, reason: `Uses registry 'Team' as ci, sent to ${hidden}.` });
    const views: Array<{ summary: string; reason: string }> = [];
    const run = new DeployRun(
      request({
        secrets: () => [hidden],
        onUpdate: (view) => views.push(...view.pulls.flatMap((pull) => (pull.credential ? [pull.credential] : []))),
      }),
    );
    await succeedAll(engine);
    await run.done;
    expect(views.length).toBeGreaterThan(0);
    expect(JSON.stringify(views)).not.toContain(hidden);
    expect(views.at(-1)).toMatchObject({ reason: expect.stringMatching(/^Uses registry 'Team' as ci, sent to /) });
  });
});
