import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseComposeProject, readComposeProject, type ComposeProject } from '../../../main/core/stacks/reader';
import { ComposeFileError, MAX_COMPOSE_FILE_BYTES } from '../../../main/core/stacks/yaml-load';

const FIXTURES = path.resolve(__dirname, '../../fixtures/stacks');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

function projectDir(name = 'proj'): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'stevedore-reader-')), name);
  mkdirSync(dir);
  return dir;
}

function parse(yaml: string, options: { dir?: string; env?: Record<string, string>; envFileValues?: Record<string, string>; projectName?: string } = {}): ComposeProject {
  const dir = options.dir ?? '/nonexistent/my-stack';
  return parseComposeProject(yaml, {
    file: path.join(dir, 'compose.yaml'),
    env: options.env ?? {},
    ...(options.envFileValues ? { envFileValues: options.envFileValues } : {}),
    ...(options.projectName !== undefined ? { projectName: options.projectName } : {}),
  });
}

function fileError(run: () => unknown): ComposeFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof ComposeFileError) return error;
    throw error;
  }
  throw new Error('expected a ComposeFileError');
}

describe('hostile and broken files', () => {
  it('refuses an alias bomb at once, with a clear error', () => {
    const error = fileError(() => parse(fixture('alias-bomb.yaml')));
    expect(error.code).toBe('COMPOSE_ALIASES');
    expect(error.message).toMatch(/aliases/);
    expect(error.message).toMatch(/billion laughs/);
  });

  it('refuses a merge-key alias bomb too', () => {
    const levels = Array.from({ length: 8 }, (_, level) =>
      [`x-${level}: &m${level}`, ...Array.from({ length: 9 }, (_, key) => `  k${key}: ${level === 0 ? '*a' : `*m${level - 1}`}`)].join('\n'),
    );
    const yaml = ['x-a: &a {a: 1, b: 2}', ...levels, 'services:', '  web:', '    image: busybox', '    labels:', '      <<: *m7'].join('\n');
    expect(fileError(() => parse(yaml)).code).toBe('COMPOSE_ALIASES');
  });

  it('reads a file that merges one anchor into 100 services (aliases are bounded by expanded size, not by uses)', () => {
    const services = Array.from({ length: 100 }, (_, index) => `  s${index}:\n    <<: *defaults\n    image: busybox:${index}\n`).join('');
    const yaml = `x-defaults: &defaults\n  restart: unless-stopped\n  pull_policy: missing\n  logging:\n    driver: json-file\n    options: { max-size: 10m, max-file: "3" }\nservices:\n${services}`;
    const project = parse(yaml);
    expect(project.services).toHaveLength(100);
    expect(project.services[99]).toMatchObject({ image: 'busybox:99', pullPolicy: 'missing' });
    expect(project.problems).toEqual([]);
  });

  it('reads a large file without aliases, however many nodes it has', () => {
    const services = Array.from({ length: 40_000 }, (_, index) => `  s${index}: {image: a}\n`).join('');
    expect(parse(`services:\n${services}`).services).toHaveLength(40_000);
  }, 60_000);

  it('refuses the classic billion laughs before expanding it, saying why', () => {
    // Expanding it would take minutes and gigabytes: the test's own timeout is the bound.
    const error = fileError(() => parse(fixture('alias-bomb.yaml')));
    expect(error.code).toBe('COMPOSE_ALIASES');
    expect(error.message).toMatch(/add more than 100,000 values/);
  });

  it('refuses a repeated merge key as compose does ("mapping key "<<" already defined")', () => {
    const error = fileError(() => parse('x-a: &a {restart: always}\nx-b: &b {pull_policy: always}\nservices:\n  web:\n    image: busybox\n    <<: *a\n    <<: *b\n'));
    expect(error).toMatchObject({ code: 'COMPOSE_YAML', position: { line: 7, column: 5 } });
    expect(error.message).toMatch(/merge key << appears twice.*<<: \[\*one, \*two\]/);
    expect(parse('x-a: &a {restart: always}\nx-b: &b {pull_policy: always}\nservices:\n  web:\n    image: busybox\n    <<: [*a, *b]\n').services[0]).toMatchObject({
      pullPolicy: 'always',
    });
  });

  it('reads ordinary anchors and merge keys', () => {
    const project = parse(fixture('merge-anchors.yaml'));
    expect(project.services.map((service) => [service.name, service.image, service.pullPolicy])).toEqual([
      ['one', '127.0.0.1:5001/stevedore/small:1.0', 'missing'],
      ['two', '127.0.0.2:5002/stevedore/small:1.0', 'missing'],
    ]);
    expect(project.problems).toEqual([]);
  });

  it('refuses a file over the size limit before parsing it', async () => {
    const dir = projectDir();
    const file = path.join(dir, 'compose.yaml');
    writeFileSync(file, `services:\n  web:\n    image: busybox\n# ${'x'.repeat(MAX_COMPOSE_FILE_BYTES)}\n`);
    await expect(readComposeProject({ file, env: {} })).rejects.toMatchObject({ code: 'COMPOSE_TOO_LARGE', message: expect.stringMatching(/1\.0 MiB/) });
    expect(fileError(() => parse(readFileSync(file, 'utf8'))).code).toBe('COMPOSE_TOO_LARGE');
  });

  it('reports invalid YAML with line and column', () => {
    const error = fileError(() => parse(fixture('invalid.yaml')));
    expect(error.code).toBe('COMPOSE_YAML');
    expect(error.position).toEqual({ line: 5, column: 3 });
    expect(error.message).toMatch(/line 5, column 3/);
  });

  it('reports a duplicate key with its place', () => {
    const error = fileError(() => parse('services:\n  web:\n    image: a\n    image: b\n'));
    expect(error.code).toBe('COMPOSE_YAML');
    expect(error.position?.line).toBe(4);
    expect(error.message).toMatch(/unique/i);
  });

  it('refuses absurd nesting without crashing', () => {
    const yaml = `services:\n  web:\n    image: busybox\n    labels: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expect(fileError(() => parse(yaml)).message).toMatch(/nested too deeply|not valid YAML/);
    // yaml itself needs a few seconds to give up on 100,000 levels; on a busy two-core machine more than vitest's 5 s.
  }, 30_000);

  it('needs a mapping with services that each have an image or a build', () => {
    expect(fileError(() => parse('')).message).toMatch(/empty.*services:/s);
    expect(fileError(() => parse('- a\n- b\n')).message).toMatch(/mapping/);
    expect(fileError(() => parse('volumes:\n  data: {}\n')).message).toMatch(/no services: section/);
    expect(fileError(() => parse('services: {}\n')).message).toMatch(/no services in it/);
    const list = fileError(() => parse('services:\n  - web\n  - db\n'));
    expect(list).toMatchObject({ code: 'COMPOSE_INVALID', position: { line: 1, column: 1 } });
    expect(list.message).toMatch(/services: must be a mapping of service names.*not a list/);
    expect(fileError(() => parse('services: web\n')).message).toMatch(/services: must be a mapping/);

    const project = parse('services:\n  web:\n    command: ["true"]\n  db:\n    image: busybox\n');
    expect(project.problems).toEqual([
      expect.objectContaining({ code: 'COMPOSE_NO_IMAGE', severity: 'error', service: 'web', line: 2, column: 3, message: expect.stringMatching(/neither image: nor build:/) }),
    ]);
  });

  it('names the service whose image is not a valid reference', () => {
    const project = parse('services:\n  web:\n    image: team/Web:1\n');
    expect(project.problems).toEqual([expect.objectContaining({ code: 'REFERENCE_INVALID', service: 'web', line: 3, message: expect.stringMatching(/web.*lowercase/) })]);
    expect(project.services[0]?.reference).toBeUndefined();
  });

  it('treats an empty platform: or image: as unset, as compose does', () => {
    const project = parse('services:\n  web:\n    image: busybox\n    platform: ${DOCKER_PLATFORM:-}\n  app:\n    image: ${APP_IMAGE:-}\n    build: .\n');
    expect(project.problems).toEqual([]);
    expect(project.services[0]).toMatchObject({ image: 'busybox' });
    expect(project.services[0]?.platform).toBeUndefined();
    expect(project.services[1]?.image).toBeUndefined();
    expect(project.services[1]?.build).toEqual({ context: '.' });
    // Without a build, an empty image is "neither image nor build", as compose says.
    expect(parse('services:\n  web:\n    image: ${APP_IMAGE:-}\n').problems).toEqual([expect.objectContaining({ code: 'COMPOSE_NO_IMAGE', service: 'web' })]);
  });

  it('accepts platforms as compose does, in any case, and asks the engine in lower case', () => {
    const platformOf = (written: string) => {
      const project = parse(`services:\n  web:\n    image: busybox\n    platform: ${written}\n`);
      expect(project.problems).toEqual([]);
      return project.services[0]?.platform;
    };
    expect(platformOf('LINUX/AMD64')).toBe('linux/amd64');
    expect(platformOf('Linux/Arm64/V8')).toBe('linux/arm64/v8');
    // An OS alone means the engine's own architecture: nothing to ask for.
    expect(platformOf('linux')).toBeUndefined();
    expect(platformOf('Linux')).toBeUndefined();
    expect(parse('services:\n  web:\n    image: busybox\n    platform: not a platform\n').problems).toEqual([
      expect.objectContaining({ code: 'COMPOSE_INVALID', line: 4, message: expect.stringMatching(/platform "not a platform" is not valid/) }),
    ]);
  });

  it('refuses a service name compose would read as an option (--push), at its line', () => {
    const project = parse('services:\n  web:\n    image: busybox\n  --push:\n    build: .\n  _x:\n    image: busybox\n  ok.name_1-a:\n    image: busybox\n');
    expect(project.problems).toEqual([
      expect.objectContaining({ code: 'COMPOSE_INVALID', service: '--push', line: 4, column: 3, message: expect.stringMatching(/must start with a letter or digit.*read as an option/) }),
      expect.objectContaining({ code: 'COMPOSE_INVALID', service: '_x', line: 6 }),
    ]);
  });

  it('suggests a fix for Org/Api:1 that is itself valid (all lower case, tag kept)', () => {
    const [problem] = parse('services:\n  web:\n    image: Org/Api:1\n').problems;
    expect(problem?.message).toMatch(/'org\/api:1'/);
    expect(problem?.message).toMatch(/'org:5000\/api:1'/);
    expect(problem?.message).not.toMatch(/'org\/Api/);
  });

  it('refuses include: (its services would be deployed without their images being checked)', () => {
    expect(parse('include:\n  - other.yaml\nservices:\n  web:\n    image: busybox\n').problems).toEqual([
      expect.objectContaining({ code: 'COMPOSE_UNSUPPORTED', line: 1 }),
    ]);
  });
});

describe('services', () => {
  it('reads image (canonical), build, pull_policy and platform', () => {
    const project = parse(
      [
        'services:',
        '  web:',
        '    image: nginx:1.25',
        '    pull_policy: if_not_present',
        '    platform: linux/arm64/v8',
        '  app:',
        '    build: ./app',
        '    pull_policy: build',
        '  api:',
        '    image: 127.0.0.1:5001/team/api',
        '    build:',
        '      context: ./api',
        '      dockerfile: Dockerfile.dev',
        '    pull_policy: never',
        '  cache:',
        '    image: redis',
        '    pull_policy: always',
      ].join('\n'),
    );
    expect(project.problems).toEqual([]);
    const [web, app, api, cache] = project.services;
    expect(web).toMatchObject({ name: 'web', image: 'nginx:1.25', pullPolicy: 'missing', platform: 'linux/arm64/v8', active: true });
    expect(web?.reference?.canonical).toBe('docker.io/library/nginx:1.25');
    expect(app).toMatchObject({ build: { context: './app' }, pullPolicy: 'build' });
    expect(app?.image).toBeUndefined();
    expect(api).toMatchObject({ build: { context: './api' }, pullPolicy: 'never' });
    expect(api?.reference?.canonical).toBe('127.0.0.1:5001/team/api:latest');
    expect(cache).toMatchObject({ pullPolicy: 'always' });
  });

  it('reports unknown pull policies and bad platforms', () => {
    const project = parse('services:\n  web:\n    image: a\n    pull_policy: sometimes\n    platform: amd64\n');
    expect(project.problems.map((problem) => [problem.code, problem.line])).toEqual([
      ['COMPOSE_INVALID', 4],
      ['COMPOSE_INVALID', 5],
    ]);
    expect(project.problems[0]?.message).toMatch(/sometimes.*always, missing, if_not_present, never or build/);
  });

  it('knows which services their profiles leave out', () => {
    const yaml = 'services:\n  web:\n    image: a\n  debug:\n    image: b\n    profiles: [debug]\n  all:\n    image: c\n    profiles: [x, tools]\n';
    expect(parse(yaml).services.map((service) => [service.name, service.active])).toEqual([
      ['web', true],
      ['debug', false],
      ['all', false],
    ]);
    expect(parse(yaml, { env: { COMPOSE_PROFILES: 'tools' } }).services.map((service) => service.active)).toEqual([true, false, true]);
    expect(parse(yaml, { envFileValues: { COMPOSE_PROFILES: '*' } }).services.every((service) => service.active)).toBe(true);
  });

  it('applies extends within the file and refuses loops', () => {
    const project = parse(
      [
        'services:',
        '  base:',
        '    image: 127.0.0.1:5001/team/base:2',
        '    platform: linux/amd64',
        '  web:',
        '    extends: base',
        '  worker:',
        '    extends: { service: web }',
        '    pull_policy: always',
        '  a:',
        '    extends: b',
        '  b:',
        '    extends: a',
      ].join('\n'),
    );
    expect(project.services.find((service) => service.name === 'worker')).toMatchObject({ image: '127.0.0.1:5001/team/base:2', platform: 'linux/amd64', pullPolicy: 'always' });
    expect(project.problems.filter((problem) => problem.service === 'a' || problem.service === 'b').map((problem) => problem.message)).toEqual([
      expect.stringMatching(/loop/),
      expect.stringMatching(/loop/),
    ]);
  });
});

describe('interpolation in the file', () => {
  it('interpolates values (not keys) with the environment winning over the env file, and keeps $$ literal', () => {
    const project = parse(
      [
        'name: ${STACK_NAME:-demo}',
        'services:',
        '  web:',
        '    image: ${REGISTRY}/team/web:${TAG:-latest}',
        '    command: ["sh", "-c", "echo $$HOME ${GREETING-hi}"]',
        '    labels:',
        '      $KEY: value',
      ].join('\n'),
      { env: { TAG: 'from-env' }, envFileValues: { REGISTRY: '127.0.0.1:5001', TAG: 'from-file' } },
    );
    expect(project.name).toBe('demo');
    expect(project.services[0]?.reference?.canonical).toBe('127.0.0.1:5001/team/web:from-env');
    expect(project.problems).toEqual([]);
  });

  it('names the variable and the service when a required one is missing', () => {
    const project = parse('services:\n  db:\n    image: postgres\n    environment:\n      PASSWORD: ${DB_PASSWORD:?set it in .env}\n');
    expect(project.problems).toEqual([
      expect.objectContaining({
        code: 'COMPOSE_VARIABLE',
        severity: 'error',
        service: 'db',
        line: 5,
        message: expect.stringMatching(/Service "db".*DB_PASSWORD.*set it in \.env/),
      }),
    ]);
  });

  it('reports a broken image interpolation once, as a variable problem', () => {
    const project = parse('services:\n  web:\n    image: ${IMAGE:?choose an image}\n');
    expect(project.problems.map((problem) => problem.code)).toEqual(['COMPOSE_VARIABLE']);
  });

  it('warns about unset variables that become empty', () => {
    const project = parse('services:\n  web:\n    image: busybox\n    command: echo $NOT_SET\n');
    expect(project.problems).toEqual([expect.objectContaining({ code: 'COMPOSE_VARIABLE_UNSET', severity: 'warning', message: expect.stringMatching(/NOT_SET/) })]);
  });
});

describe('project name', () => {
  const yaml = 'services:\n  web:\n    image: busybox\n';
  it('comes from the override, then COMPOSE_PROJECT_NAME in the env file, then name:, then the folder', () => {
    expect(parse(`name: from-file\n${yaml}`, { projectName: 'mine', envFileValues: { COMPOSE_PROJECT_NAME: 'from-env-file' } })).toMatchObject({ name: 'mine', nameSource: 'override' });
    expect(parse(`name: from-file\n${yaml}`, { envFileValues: { COMPOSE_PROJECT_NAME: 'from-env-file' } })).toMatchObject({ name: 'from-env-file', nameSource: 'env-file' });
    expect(parse(`name: from-file\n${yaml}`, { env: { COMPOSE_PROJECT_NAME: 'from-process' } })).toMatchObject({ name: 'from-file', nameSource: 'file' });
    expect(parse(yaml, { dir: '/x/My Project.V2' })).toMatchObject({ name: 'myprojectv2', nameSource: 'folder' });
    expect(parse(yaml, { dir: '/x/__Web-App_' })).toMatchObject({ name: 'web-app_' });
  });

  it('refuses names someone wrote that compose would refuse, saying where they came from', () => {
    expect(fileError(() => parse(`name: My App\n${yaml}`)).message).toMatch(/name: at the top.*"My App".*"myapp"/);
    expect(fileError(() => parse(`name: My App\n${yaml}`)).position?.line).toBe(1);
    expect(() => parse(yaml, { projectName: '-bad' })).toThrow(/project name you set/);
    expect(fileError(() => parse(yaml, { dir: '/x/日本語' })).message).toMatch(/Add a top-level name:/);
  });
});

describe('path tricks', () => {
  function projectWithEnvFile(envFile: string, prepare?: (dir: string) => void): ComposeProject {
    const dir = projectDir();
    writeFileSync(path.join(dir, 'ok.env'), 'A=1\n');
    prepare?.(dir);
    return parse(`services:\n  web:\n    image: busybox\n    env_file: ${JSON.stringify(envFile)}\n`, { dir });
  }

  it('accepts env files inside the project folder', () => {
    expect(projectWithEnvFile('ok.env').problems).toEqual([]);
    expect(projectWithEnvFile('./sub/../ok.env').problems).toEqual([]);
  });

  it.each(['../outside.env', '../../../../etc/passwd', '/etc/passwd', 'sub/../../x.env'])('refuses env_file %s', (envFile) => {
    const project = projectWithEnvFile(envFile);
    expect(project.problems).toEqual([
      expect.objectContaining({ code: 'COMPOSE_PATH', service: 'web', line: 4, message: expect.stringMatching(/points outside the project folder/) }),
    ]);
  });

  it('refuses a symlink inside the folder that leads out of it', () => {
    const project = projectWithEnvFile('innocent.env', (dir) => symlinkSync('/etc/hostname', path.join(dir, 'innocent.env')));
    expect(project.problems[0]).toMatchObject({ code: 'COMPOSE_PATH' });
  });

  it('says when a required env file is missing, and accepts a missing optional one', () => {
    const dir = projectDir();
    const project = parse('services:\n  web:\n    image: busybox\n    env_file:\n      - path: missing.env\n      - path: optional.env\n        required: false\n', { dir });
    expect(project.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/missing\.env" does not exist/)]);
  });

  it('refuses extends.file outside the folder', () => {
    const project = parse('services:\n  web:\n    extends:\n      file: ../other/compose.yaml\n      service: base\n', { dir: projectDir() });
    expect(project.problems[0]).toMatchObject({ code: 'COMPOSE_PATH', service: 'web', message: expect.stringMatching(/extends\.file.*outside/) });
  });

  it('reads extends.file inside the folder under the same limits', () => {
    const dir = projectDir();
    writeFileSync(path.join(dir, 'base.yaml'), 'services:\n  base:\n    image: 127.0.0.2:5002/team/base:${TAG}\n');
    const project = parse('services:\n  web:\n    extends:\n      file: base.yaml\n      service: base\n', { dir, env: { TAG: '7' } });
    expect(project.services[0]?.reference?.canonical).toBe('127.0.0.2:5002/team/base:7');
  });
});

describe('readComposeProject', () => {
  it('reads the .env beside the file by default, and a chosen env file instead when given', async () => {
    const dir = projectDir('shop');
    const file = path.join(dir, 'compose.yaml');
    writeFileSync(file, 'services:\n  web:\n    image: 127.0.0.1:5001/shop/web:${TAG}\n');
    writeFileSync(path.join(dir, '.env'), 'TAG=dotenv\n');
    writeFileSync(path.join(dir, 'prod.env'), 'TAG=prod\n');
    const fromDotEnv = await readComposeProject({ file, env: {} });
    expect(fromDotEnv).toMatchObject({ name: 'shop', envFile: path.join(dir, '.env') });
    expect(fromDotEnv.services[0]?.image).toBe('127.0.0.1:5001/shop/web:dotenv');
    const chosen = await readComposeProject({ file, env: {}, envFile: path.join(dir, 'prod.env') });
    expect(chosen.services[0]?.image).toBe('127.0.0.1:5001/shop/web:prod');
    const overridden = await readComposeProject({ file, env: { TAG: 'env' } });
    expect(overridden.services[0]?.image).toBe('127.0.0.1:5001/shop/web:env');
  });

  it('says clearly when the file is gone or is a folder', async () => {
    const dir = projectDir();
    await expect(readComposeProject({ file: path.join(dir, 'compose.yaml'), env: {} })).rejects.toMatchObject({ code: 'COMPOSE_NOT_READABLE', message: expect.stringMatching(/no longer exists/) });
    await expect(readComposeProject({ file: dir, env: {} })).rejects.toMatchObject({ code: 'COMPOSE_NOT_READABLE', message: expect.stringMatching(/not a file/) });
  });
});
