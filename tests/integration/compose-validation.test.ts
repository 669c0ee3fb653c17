/**
 * Compose's own validation in the preflight, and the files compose reads for a project, against the test bench's
 * real engine and real Compose v2: a file compose refuses is refused before anything is started, with compose's
 * message at the line it names; an override file and COMPOSE_FILE in .env are used as `docker compose up` would.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreflightSchema } from '../../preload/api';
import { EngineConnection } from '../../main/core/engine/connection';
import { StackService, type StackServiceOptions } from '../../main/core/stacks/service';
import { loadBench, type Bench } from '../env/bench';

let bench: Bench;
let engine: EngineConnection;
let stacks: StackService;
let chosen: string | undefined;
/** Every pull a deploy asked for (compose's check runs while they pull: docs/architecture.md). */
const pullsStarted: string[] = [];

const puller: StackServiceOptions['puller'] = {
  start: (request) => {
    pullsStarted.push(request.image);
    throw new Error('this test pulls nothing');
  },
  waitFor: () => Promise.reject(new Error('this test pulls nothing')),
  onProgress: () => () => undefined,
};

beforeAll(async () => {
  bench = loadBench();
  engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  expect((await engine.start()).state).toBe('connected');
  stacks = new StackService({
    dataDir: mkdtempSync(path.join(tmpdir(), 'stevedore-compose-validation-')),
    engine,
    puller,
    credentials: { explain: () => Promise.reject(new Error('not asked in this test')) },
    chooseComposeSource: async () => chosen,
    // The bench's DOCKER_CONFIG holds the compose plugin.
    env: { ...process.env, DOCKER_CONFIG: bench.dockerConfigDir, CANARY_TOKEN: CANARY },
    throttleMs: 20,
  });
  await stacks.start();
});

afterAll(() => {
  stacks?.stop();
  engine?.stop();
});

/** A project folder with these files; returns the id of the stack opened from it. */
async function openProject(files: Record<string, string>): Promise<string> {
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-compose-files-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  chosen = folder;
  const opened = await stacks.open();
  if (!opened) throw new Error('the stack was not opened');
  return opened.id;
}

const IMAGE = '127.0.0.2:5002/stevedore/small:1.0';
/** A value of Stevedore's environment that no response to the window may contain. */
const CANARY = 'canary-5be0d1a4';

/** The problems that stop a deploy (the credential explanation, not asked for here, adds a warning). */
function errors(preflight: { problems: Array<{ severity: string }> }) {
  return preflight.problems.filter((problem) => problem.severity === 'error');
}

describe('compose validates the project in the preflight, before any pull', () => {
  it('refuses ports: 80 with compose’s message at its line, and a deploy stops before compose up', async () => {
    const id = await openProject({ 'compose.yaml': `services:\n  web:\n    image: ${IMAGE}\n    ports: 80\n` });
    const preflight = PreflightSchema.parse(await stacks.preflight(id));
    expect(preflight.ok).toBe(false);
    expect(errors(preflight)).toEqual([
      expect.objectContaining({ code: 'COMPOSE_CONFIG', severity: 'error', service: 'web', line: 4, column: 5, message: expect.stringMatching(/compose\.yaml: services\.web\.ports must be a list/) }),
    ]);
    const deploy = await stacks.deploy(id);
    const final = await stacks.waitForDeploy(deploy.id);
    // Its pull fails here too (this test pulls nothing): compose's refusal is the failure shown.
    expect(pullsStarted).toEqual([IMAGE]);
    expect(final).toMatchObject({ state: 'failed', error: { code: 'COMPOSE_CONFIG', cause: expect.stringMatching(/ports must be a list/) } });
    expect(final.log.filter((line) => / up -d /.test(line.text))).toEqual([]);
  });

  it('refuses a misspelt key at its line', async () => {
    const id = await openProject({ 'compose.yaml': `services:\n  web:\n    image: ${IMAGE}\n    restrat: always\n` });
    const preflight = await stacks.preflight(id);
    expect(errors(preflight)).toEqual([
      expect.objectContaining({ code: 'COMPOSE_CONFIG', service: 'web', line: 4, message: expect.stringMatching(/Additional property restrat is not allowed/) }),
    ]);
  });

  it('shows compose’s message without the values of Stevedore’s environment it quotes', async () => {
    // Compose says "Invalid containerPort: <the value>".
    const id = await openProject({ 'compose.yaml': `services:\n  web:\n    image: ${IMAGE}\n    ports: ["\${CANARY_TOKEN}"]\n` });
    const preflight = await stacks.preflight(id);
    expect(errors(preflight)).toEqual([expect.objectContaining({ code: 'COMPOSE_CONFIG', message: expect.stringMatching(/Invalid containerPort/) })]);
    expect(JSON.stringify(preflight)).not.toContain(CANARY);
  });
});

describe('the files compose reads', () => {
  it('uses compose.override.yaml beside compose.yaml: it changes the image, and the preflight lists both files', async () => {
    const id = await openProject({
      'compose.yaml': `services:\n  web:\n    image: 127.0.0.1:5001/stevedore/small:1.0\n`,
      'compose.override.yaml': `services:\n  web:\n    image: ${IMAGE}\n`,
    });
    const preflight = PreflightSchema.parse(await stacks.preflight(id));
    expect(preflight.files).toEqual(['compose.yaml', 'compose.override.yaml']);
    expect(preflight.services).toEqual([expect.objectContaining({ service: 'web', image: IMAGE })]);
    expect(errors(preflight)).toEqual([]);
  });

  it('notices an override file added after a first preflight', async () => {
    const id = await openProject({ 'compose.yaml': `services:\n  web:\n    image: 127.0.0.1:5001/stevedore/small:1.0\n` });
    expect((await stacks.preflight(id)).files).toEqual(['compose.yaml']);
    const [opened] = (await stacks.list()).filter((view) => view.id === id);
    writeFileSync(path.join(path.dirname(opened!.location!), 'compose.override.yml'), `services:\n  web:\n    image: ${IMAGE}\n`);
    const again = await stacks.preflight(id);
    expect(again.files).toEqual(['compose.yaml', 'compose.override.yml']);
    expect(again.services).toEqual([expect.objectContaining({ image: IMAGE })]);
  });

  it('uses docker-compose.override.yml beside docker-compose.yml', async () => {
    const id = await openProject({
      'docker-compose.yml': `services:\n  web:\n    image: 127.0.0.1:5001/stevedore/small:1.0\n`,
      'docker-compose.override.yml': `services:\n  web:\n    image: ${IMAGE}\n    ports: 80\n`,
    });
    const preflight = await stacks.preflight(id);
    expect(preflight.files).toEqual(['docker-compose.yml', 'docker-compose.override.yml']);
    // Compose checks the merged project: the override's mistake is found too.
    expect(errors(preflight)).toEqual([expect.objectContaining({ code: 'COMPOSE_CONFIG', message: expect.stringMatching(/ports must be a list/) })]);
  });

  it('uses COMPOSE_FILE from the project’s .env (COMPOSE_PATH_SEPARATOR too), relative to the project folder', async () => {
    const id = await openProject({
      'compose.yaml': `services:\n  web:\n    image: 127.0.0.1:5001/stevedore/small:1.0\n`,
      'base.yaml': `services:\n  web:\n    image: 127.0.0.1:5001/stevedore/small:1.0\n  api:\n    image: 127.0.0.1:5001/stevedore/small:1.0\n`,
      'prod.yaml': `services:\n  api:\n    image: ${IMAGE}\n`,
      '.env': 'COMPOSE_PATH_SEPARATOR=,\nCOMPOSE_FILE=base.yaml,prod.yaml\n',
    });
    const preflight = PreflightSchema.parse(await stacks.preflight(id));
    expect(preflight.files).toEqual(['base.yaml', 'prod.yaml']);
    expect(preflight.services.map((service) => [service.service, service.image])).toEqual([
      ['web', '127.0.0.1:5001/stevedore/small:1.0'],
      ['api', IMAGE],
    ]);
    expect(errors(preflight)).toEqual([]);
  });

  it('refuses a COMPOSE_FILE entry outside the project folder', async () => {
    const id = await openProject({ 'compose.yaml': `services:\n  web:\n    image: ${IMAGE}\n`, '.env': 'COMPOSE_FILE=../elsewhere.yaml\n' });
    const preflight = await stacks.preflight(id);
    expect(errors(preflight)).toEqual([expect.objectContaining({ code: 'COMPOSE_PATH', message: expect.stringMatching(/COMPOSE_FILE.*outside the project folder/) })]);
  });
});
