/** StackService's file-side behaviour (no engine needed): editor validation, app stacks, ids the renderer sends. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeProjectName } from '../../../main/core/stacks/project-name';
import { StackService, type StackEngine } from '../../../main/core/stacks/service';
import { waitFor } from '../../support/wait-for';

const noEngine: StackEngine = {
  docker: () => {
    throw new Error('no engine in unit tests');
  },
  currentEndpoint: undefined,
  onEngineEvent: () => () => undefined,
  onStatus: () => () => undefined,
};

function service(env: NodeJS.ProcessEnv = {}) {
  return new StackService(serviceOptions(env));
}

function serviceOptions(env: NodeJS.ProcessEnv = {}) {
  return {
    dataDir: mkdtempSync(path.join(tmpdir(), 'stevedore-stack-service-')),
    engine: noEngine,
    puller: {
      start: () => {
        throw new Error('no pulls in unit tests');
      },
      waitFor: () => Promise.reject(new Error('no pulls in unit tests')),
      onProgress: () => () => undefined,
    },
    credentials: { explain: () => Promise.reject(new Error('not used')) },
    env,
  };
}

describe('validate (the editor)', () => {
  it('returns the project, the services and problems with line and column', async () => {
    const stacks = service();
    expect(await stacks.validate({ yaml: 'services:\n  web:\n    image: busybox\n', name: 'shop' })).toEqual({ project: 'shop', services: ['web'], problems: [] });
    const broken = await stacks.validate({ yaml: 'services:\n  web:\n    image: busybox\n   bad: [\n' });
    expect(broken.services).toEqual([]);
    expect(broken.problems.length).toBeGreaterThan(0);
    for (const problem of broken.problems) {
      expect(problem).toEqual(expect.objectContaining({ code: 'COMPOSE_YAML', severity: 'error', line: expect.any(Number), column: expect.any(Number) }));
    }
    const missing = await stacks.validate({ yaml: 'services:\n  web:\n    image: busybox\n  db:\n    restart: always\n' });
    expect(missing.problems).toEqual([expect.objectContaining({ code: 'COMPOSE_NO_IMAGE', service: 'db', line: 4, column: 3 })]);
  });

  it('lists every YAML problem, the most likely cause first, instead of hiding "more problems"', async () => {
    const stacks = service();
    // Over-indented "ports:" makes yaml report two errors at line 3; both are listed, with a hint about the cause.
    const { problems } = await stacks.validate({ yaml: 'services:\n  web:\n    image: busybox\n     ports:\n      - 80\n' });
    expect(problems.length).toBe(2);
    expect(problems.every((problem) => problem.code === 'COMPOSE_YAML' && problem.line === 3)).toBe(true);
    expect(problems[0]?.message).not.toMatch(/more problem/);
    expect(problems[0]?.message).toMatch(/indented more than the key before it/);
    // A tab used for indenting is a certain cause: it comes first even though yaml reports it second.
    const tabbed = await stacks.validate({ yaml: 'services:\n  web:\n    image: busybox: x\n\t  db: {}\n' });
    expect(tabbed.problems.map((problem) => problem.line)).toEqual([4, 3]);
    expect(tabbed.problems[0]?.message).toMatch(/Tabs.*indent with spaces/);
  });

  it('interpolates with the .env text being edited, and reports its mistakes by line', async () => {
    const stacks = service({ TAG: 'from-environment' });
    const yaml = 'services:\n  web:\n    image: ${REGISTRY}/web:${TAG}\n';
    expect((await stacks.validate({ yaml, env: 'REGISTRY=127.0.0.1:5001\nTAG=from-env-file\n' })).problems).toEqual([]);
    const bad = await stacks.validate({ yaml, env: 'REGISTRY=127.0.0.1:5001\nTAG="unclosed\n' });
    expect(bad.problems[0]).toMatchObject({ code: 'COMPOSE_ENV_FILE', message: expect.stringMatching(/\.env, line 2/) });
  });
});

describe('what the window sees of Stevedore’s environment', () => {
  const CANARY = 'canary-9f1c2b7e';
  const environment = { CANARY_TOKEN: CANARY, CANARY_IMAGE: `registry.example/${CANARY}/App:1`, CANARY_PLATFORM: `linux/${CANARY}` };
  // Every place the reader puts a value into a message or a view.
  const yaml = [
    'services:',
    '  image-invalid:',
    '    image: ${CANARY_IMAGE}',
    '  image-valid:',
    '    image: 127.0.0.1:5001/${CANARY_TOKEN}:1.0',
    '  platform:',
    '    image: busybox',
    '    platform: ${CANARY_PLATFORM}',
    '  policy:',
    '    image: busybox',
    '    pull_policy: ${CANARY_TOKEN}',
    '  required:',
    '    image: busybox',
    '    environment:',
    '      A: ${MISSING:?set it like $CANARY_TOKEN}',
    '  env-file:',
    '    image: busybox',
    '    env_file: ${CANARY_TOKEN}.env',
    '  extends:',
    '    extends: ${CANARY_TOKEN}',
    '  from-dot-env:',
    '    image: ${FROM_ENV}/x',
    '',
  ].join('\n');

  it('never sends a value of it in a validate or preflight response; messages quote the ${VAR} text', async () => {
    const stacks = service(environment);
    const validation = await stacks.validate({ yaml, env: 'FROM_ENV=${CANARY_TOKEN}\n', name: 'canary' });
    expect(validation.problems.length).toBeGreaterThan(4);
    expect(JSON.stringify(validation)).not.toContain(CANARY);
    expect(JSON.stringify(validation).toLowerCase()).not.toContain(CANARY);
    expect(validation.problems).toContainEqual(expect.objectContaining({ service: 'image-invalid', message: expect.stringContaining('${CANARY_IMAGE}') }));

    await stacks.create({ name: 'canary', yaml, env: 'FROM_ENV=${CANARY_TOKEN}\n' });
    const preflight = await stacks.preflight('app:canary');
    expect(preflight.services.length).toBeGreaterThan(0);
    expect(JSON.stringify(preflight).toLowerCase()).not.toContain(CANARY);
    expect(preflight.services.find((entry) => entry.service === 'image-valid')).toMatchObject({ image: '127.0.0.1:5001/${CANARY_TOKEN}:1.0' });
    expect(JSON.stringify(await stacks.get('app:canary')).toLowerCase()).not.toContain(CANARY);
  });
});

/** A compose file with `yaml` in a folder of its own, opened as a stack (Open compose file…). */
async function openedFileStack(yaml: string) {
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-stack-view-'));
  const file = path.join(folder, 'compose.yaml');
  writeFileSync(file, yaml);
  const stacks = new StackService({ ...serviceOptions(), chooseComposeSource: async () => file });
  return { folder, file, stacks, opened: await stacks.open() };
}

describe('stack views', () => {
  it('say a file that was read but is invalid is not a valid compose file, and one that is gone cannot be read', async () => {
    const { file, stacks, opened } = await openedFileStack('services:\n  - web\n');
    expect(opened).toMatchObject({ problemKind: 'invalid', problem: expect.stringMatching(/services: must be a mapping/) });
    rmSync(file);
    const [gone] = await stacks.list();
    expect(gone).toMatchObject({ problemKind: 'unreadable', problem: expect.stringMatching(/no longer exists/) });
  });

  it('follow the files beside the compose file: an override or a .env appearing, changing or going changes the stack', async () => {
    const { folder, stacks, opened } = await openedFileStack('services:\n  web:\n    image: nginx\n');
    if (opened === undefined) throw new Error('the compose file was not opened');
    const project = async () => (await stacks.list()).find((view) => view.id === opened.id)?.project;
    const override = path.join(folder, 'compose.override.yaml');
    const dotEnv = path.join(folder, '.env');
    expect(await project()).toBe(normalizeProjectName(path.basename(folder)));
    writeFileSync(override, 'name: from-override\n');
    expect(await project()).toBe('from-override');
    writeFileSync(dotEnv, 'COMPOSE_PROJECT_NAME=from-env\n');
    expect(await project()).toBe('from-env');
    rmSync(dotEnv);
    expect(await project()).toBe('from-override');
    // Another size, so the stamp changes even within the same millisecond.
    writeFileSync(override, 'name: override-changed\n');
    expect(await project()).toBe('override-changed');
    rmSync(override);
    expect(await project()).toBe(normalizeProjectName(path.basename(folder)));
  });
});

describe('app stacks', () => {
  it('are created, read, saved and deleted by id; their name is their project', async () => {
    const stacks = service();
    const changes: string[][] = [];
    stacks.onChange((views) => changes.push(views.map((view) => view.id)));
    const created = await stacks.create({ name: 'shop', yaml: 'services:\n  web:\n    image: busybox\n', env: 'A=1\n' });
    expect(created).toMatchObject({
      editable: true,
      env: 'A=1\n',
      services: ['web'],
      stack: { id: 'app:shop', kind: 'app', name: 'shop', project: 'shop', readOnly: false, state: 'not-deployed', containers: { running: 0, total: 0 } },
    });
    expect(created.stack.location).toBeUndefined();
    const saved = await stacks.save({ id: 'app:shop', yaml: 'name: shop-renamed\nservices:\n  web:\n    image: busybox\n  db:\n    image: busybox\n' });
    expect(saved).toMatchObject({ services: ['web', 'db'], env: 'A=1\n', stack: { project: 'shop-renamed' } });
    // A broken file is still saved (nothing typed is lost) and shows its problem.
    const broken = await stacks.save({ id: 'app:shop', yaml: 'services: [' });
    expect(broken.problems[0]).toMatchObject({ code: 'COMPOSE_YAML' });
    expect((await stacks.list())[0]?.problem).toMatch(/not valid YAML/);
    expect(await stacks.delete('app:shop')).toBe(true);
    expect(await stacks.list()).toEqual([]);
    // Changes are published in order after each edit: wait until the delete's has arrived.
    await waitFor(() => changes.length > 0 && changes.at(-1)?.length === 0, 'the list published after the delete');
    expect(changes.at(-1)).toEqual([]);
    expect(changes.some((ids) => ids.includes('app:shop'))).toBe(true);
  });

  it('refuses ids it never gave out, and acting on stacks found only on the engine', async () => {
    const stacks = service();
    await expect(stacks.get('../../etc/passwd')).rejects.toMatchObject({ code: 'STACK_NOT_FOUND' });
    await expect(stacks.get('app:../../x')).rejects.toMatchObject({ code: 'STACK_NOT_FOUND' });
    await expect(stacks.deploy('project:someone-else')).rejects.toMatchObject({ code: 'STACK_READ_ONLY' });
    await expect(stacks.open()).rejects.toMatchObject({ code: 'DIALOG_UNAVAILABLE' });
  });
});

describe('a stack deployed to another engine', () => {
  function onEngine(url: string | undefined) {
    const engine = { ...noEngine, currentEndpoint: url === undefined ? undefined : ({ url } as StackEngine['currentEndpoint']) };
    return engine;
  }

  it('says where it is instead of the active engine\'s (absent) state, and its status, logs and actions refuse', async () => {
    const options = serviceOptions();
    writeFileSync(
      path.join(options.dataDir, 'stacks.json'),
      JSON.stringify({ version: 1, files: [], app: {}, engines: { 'app:shop': { choice: 'context:staging', url: 'tcp://staging:2376' } } }),
    );
    const engine = onEngine('unix:///var/run/docker.sock');
    const stacks = new StackService({ ...options, engine });
    await stacks.create({ name: 'shop', yaml: 'services:\n  web:\n    image: busybox\n' });
    const [view] = await stacks.list();
    expect(view).toMatchObject({
      id: 'app:shop',
      deployedEngine: { choice: 'context:staging', url: 'tcp://staging:2376' },
      onOtherEngine: 'Deployed to tcp://staging:2376 — switch to it to see its status, logs and actions.',
    });
    const refused = { code: 'STACK_ON_OTHER_ENGINE', message: expect.stringContaining('Deployed to tcp://staging:2376 — switch to it') };
    await expect(stacks.status('app:shop')).rejects.toMatchObject(refused);
    await expect(stacks.followLogs('app:shop', 'web', { tail: 10, follow: false })).rejects.toMatchObject(refused);
    await expect(stacks.stopStack('app:shop')).rejects.toMatchObject(refused);
  });

  it('is shown as usual when its engine is the active one', async () => {
    const options = serviceOptions();
    writeFileSync(
      path.join(options.dataDir, 'stacks.json'),
      JSON.stringify({ version: 1, files: [], app: {}, engines: { 'app:shop': { choice: 'context:staging', url: 'tcp://staging:2376' } } }),
    );
    const stacks = new StackService({ ...options, engine: onEngine('tcp://staging:2376') });
    await stacks.create({ name: 'shop', yaml: 'services:\n  web:\n    image: busybox\n' });
    const [view] = await stacks.list();
    expect(view?.deployedEngine).toEqual({ choice: 'context:staging', url: 'tcp://staging:2376' });
    expect(view?.onOtherEngine).toBeUndefined();
  });
});
