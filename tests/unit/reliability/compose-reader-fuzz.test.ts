/**
 * The compose reader on random and hostile YAML. For every input it returns a project or throws one of its typed
 * errors (never a TypeError, RangeError or a stack overflow), and it stays within generous bounds of wall time and
 * heap growth per case. The bounds are robustness limits — "it did not hang, it did not balloon" — set an order of
 * magnitude or more above what a case takes, not performance figures (those live in bench/).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { StevedoreError } from '../../../main/core/errors';
import { parseComposeProject, type ComposeProject } from '../../../main/core/stacks/reader';
import { MAX_COMPOSE_FILE_BYTES } from '../../../main/core/stacks/yaml-load';

const WALL_BOUND_MS = 5_000;
const HEAP_BOUND_BYTES = 256 * 1024 * 1024;

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

let projectDir: string;
beforeAll(() => {
  projectDir = mkdtempSync(path.join(tmpdir(), 'stevedore-reliability-compose-'));
  // Targets for extends.file and env_file, inside the project folder and (one) outside it.
  writeFileSync(path.join(projectDir, 'base.yaml'), 'services:\n  base:\n    image: busybox:1.36\n    extends: { file: base.yaml, service: base }\n');
  writeFileSync(path.join(projectDir, 'app.env'), 'A=1\n');
});
afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

const environment = { TAG: '1.0', EMPTY: '', REGISTRY: 'ghcr.io', HUGE: 'h'.repeat(100_000), COMPOSE_PROFILES: 'debug' };

interface Outcome {
  project?: ComposeProject;
  error?: StevedoreError;
  ms: number;
  heapGrowth: number;
}

/**
 * Reads one text as a compose file; fails the test on anything but a project or a typed refusal, or a bound.
 * `settle` collects garbage first, for a heap measure that is about this case alone (it costs a full collection,
 * so the thousands of small random cases go without: a case that grew the heap by the bound would show anyway).
 */
function read(text: string, settle = false): Outcome {
  if (settle) collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let project: ComposeProject | undefined;
  let error: StevedoreError | undefined;
  try {
    project = parseComposeProject(text, { file: path.join(projectDir, 'compose.yaml'), env: environment });
  } catch (caught) {
    if (!(caught instanceof StevedoreError)) throw caught;
    error = caught;
  }
  const ms = performance.now() - started;
  // Measured before collecting: what the case allocated and kept plus what it left for the collector.
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  expect(ms).toBeLessThan(WALL_BOUND_MS);
  expect(heapGrowth).toBeLessThan(HEAP_BOUND_BYTES);
  if (error) {
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.code).toMatch(/^[A-Z_]+$/);
  }
  if (project) expect(project.services.length).toBeGreaterThan(0);
  return { project, error, ms, heapGrowth };
}

const yamlToken = fc.constantFrom(
  'services:', 'image:', 'build:', 'extends:', 'name:', 'x-', 'web', 'db', ' ', '  ', '\t', '\n', '\r\n', ':', ': ', '- ', '-', '? ',
  '{', '}', '[', ']', ',', '"', "'", '#', '&a ', '*a', '&b ', '*b', '<<: ', '!!str ', '!!binary ', '!custom ', '%YAML 1.2\n', '---\n', '...\n',
  '|', '>', '|-', '${TAG}', '${NOPE:?missing}', '${A:-${B:-c}}', '$$', '$', '${', 'nginx:1.25', 'busybox', '@sha256:', '\ufeff', '\u0000', '\u202e', 'ü', '0x1F', '.inf', '~', 'null', 'true',
);
const tokenSoup = fc.array(yamlToken, { maxLength: 80 }).map((tokens) => tokens.join(''));

const imageText = fc.oneof(
  fc.constantFrom('busybox', 'nginx:1.25', 'ghcr.io/org/app:${TAG}', '${REGISTRY}/x:${TAG:-latest}', '${NOPE:?set NOPE}', 'UPPER/Case', '', '$$literal', 'a@sha256:' + 'f'.repeat(64), '${HUGE}'),
  fc.string({ maxLength: 40 }),
);
const serviceDefinition = fc.record(
  {
    image: imageText,
    build: fc.oneof(fc.constant('.'), fc.record({ context: fc.constantFrom('.', '../outside', '/etc') }), fc.jsonValue({ maxDepth: 1 })),
    pull_policy: fc.constantFrom('always', 'missing', 'if_not_present', 'never', 'build', 'sometimes', 42),
    platform: fc.constantFrom('linux/amd64', 'linux/arm64/v8', 'windows', 'linux/amd64/v2/extra', ''),
    profiles: fc.oneof(fc.array(fc.constantFrom('debug', 'prod', '*'), { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
    extends: fc.oneof(fc.constantFrom('web', 'db', 'self', 'missing'), fc.record({ service: fc.constantFrom('base', 'web', 'nope'), file: fc.constantFrom('base.yaml', '../../etc/passwd', '/etc/hostname', 'nope.yaml') })),
    env_file: fc.oneof(fc.constantFrom('app.env', '../secret.env', '/etc/shadow', 'missing.env'), fc.array(fc.record({ path: fc.constantFrom('app.env', 'x.env'), required: fc.boolean() }), { maxLength: 2 })),
    environment: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
const composeDocument = fc
  .record(
    {
      name: fc.oneof(fc.constantFrom('demo', 'Bad Name!', '${TAG}', ''), fc.string({ maxLength: 20 })),
      services: fc.dictionary(fc.constantFrom('web', 'db', 'self', 'base', 'weird name', 'x'.repeat(300)), serviceDefinition, { maxKeys: 5 }),
      include: fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }),
      'x-extra': fc.jsonValue({ maxDepth: 3 }),
    },
    { requiredKeys: ['services'] },
  )
  .map((document) => stringify(document, { aliasDuplicateObjects: false }));

describe('the compose reader on random YAML', () => {
  it('token soup: a project or a typed refusal, within bounds, every time', () => {
    fc.assert(fc.property(tokenSoup, (text) => void read(text)), { numRuns: 3000 });
  }, 120_000);

  it('compose-shaped documents with random values: a project or a typed refusal, within bounds, every time', () => {
    let projects = 0;
    fc.assert(
      fc.property(composeDocument, (text) => {
        if (read(text).project) projects += 1;
      }),
      { numRuns: 2000 },
    );
    // The generator reaches the code that reads services, not only the early refusals.
    expect(projects).toBeGreaterThan(100);
  }, 120_000);
});

/** `depth` levels of `width` aliases each: expanding it would take width^depth strings. */
function aliasBomb(depth: number, width: number, asMergeKeys: boolean): string {
  const lines = [`x-0: &a0 [${Array.from({ length: width }, () => '"lol"').join(', ')}]`];
  for (let level = 1; level < depth; level += 1) {
    lines.push(
      asMergeKeys
        ? `x-${level}: &a${level}\n${Array.from({ length: width }, (_, index) => `  k${index}: *a${level - 1}`).join('\n')}`
        : `x-${level}: &a${level} [${Array.from({ length: width }, () => `*a${level - 1}`).join(', ')}]`,
    );
  }
  return `${lines.join('\n')}\nservices:\n  web:\n    image: busybox\n    command: *a${depth - 1}\n`;
}

const hostileDocument = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.boolean()).map(([depth, width, merge]) => aliasBomb(depth, width, merge)),
  fc.integer({ min: 100, max: 200_000 }).map((depth) => `services:\n  web:\n    image: busybox\n    labels: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
  fc.integer({ min: 100, max: 20_000 }).map((depth) => `services:\n  web:\n    image: busybox\n    x:\n${Array.from({ length: depth }, (_, level) => `${' '.repeat(Math.min(level, 400) * 2 + 6)}- `).join('\n')}\n`),
  fc.integer({ min: 1000, max: 20_000 }).map((count) => `services:\n${Array.from({ length: count }, (_, index) => `  s${index}:\n    image: busybox:${index}\n`).join('')}`),
  // As many services as fit in the size limit, each a problem to report.
  fc.integer({ min: 10_000, max: 75_000 }).map((count) => `services:\n${Array.from({ length: count }, (_, index) => `  s${index}: {}\n`).join('')}`),
  fc.integer({ min: 1, max: 5000 }).map((depth) => `services:\n  web:\n    image: "${'${A:-'.repeat(depth)}busybox${'}'.repeat(depth)}"\n`),
  fc.integer({ min: 1, max: 20_000 }).map((count) => `services:\n  web:\n    image: busybox\n    command: "${'$$'.repeat(count)}${'${HUGE}'.repeat(Math.min(count, 8))}"\n`),
  fc.integer({ min: MAX_COMPOSE_FILE_BYTES - 200, max: MAX_COMPOSE_FILE_BYTES + 200 }).map((size) => `services:\n  web:\n    image: busybox\n    x: "${'x'.repeat(Math.max(0, size - 50))}"\n`),
  fc.integer({ min: 2, max: 60 }).map((length) => `services:\n${Array.from({ length }, (_, index) => `  s${index}:\n    extends: s${(index + 1) % length}\n`).join('')}`),
  fc.integer({ min: 1, max: 5000 }).map((count) => `services:\n  web:\n    image: busybox\n${'    <<: { a: 1 }\n'.repeat(count)}`),
  fc.constantFrom(
    '\ufeffservices:\r\n  web:\r\n    image: busybox\r\n',
    'services:\n  web:\n    image: busybox\n  web:\n    image: nginx\n',
    'services: !!binary aGVsbG8=\n',
    'services:\n  web: !!set { a, b }\n',
    '%YAML 1.1\n---\nservices:\n  web:\n    image: busybox\n---\nservices: {}\n',
    `services:\n  web:\n    image: busybox\n    env_file: ${'../'.repeat(200)}etc/passwd\n`,
    'services:\n  "\u202eweb":\n    image: "busy\u0000box"\n',
  ),
);

describe('the compose reader on hostile YAML', () => {
  it('alias bombs, deep nesting, huge files, long interpolations, extends loops: typed refusal or a project, within bounds', () => {
    fc.assert(fc.property(hostileDocument, (text) => void read(text, true)), { numRuns: 200 });
  }, 300_000);

  it('refuses every alias bomb big enough to matter with COMPOSE_ALIASES, before expanding it', () => {
    for (const merge of [false, true]) {
      const outcome = read(aliasBomb(9, 9, merge), true);
      expect(outcome.error?.code).toBe('COMPOSE_ALIASES');
    }
  });
});
