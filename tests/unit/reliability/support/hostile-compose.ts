/**
 * Random and hostile compose files, shared by the compose reader's fuzz test
 * (tests/unit/reliability/compose-reader-fuzz.test.ts), which checks what the reader answers, and the reliability
 * benchmark (bench/sections/reliability.ts), which measures the time and heap each case takes.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { MAX_COMPOSE_FILE_BYTES } from '../../../../main/core/stacks/yaml-load';

/** The environment the cases are read with: HUGE makes interpolation produce a lot of text. */
export const composeEnvironment = { TAG: '1.0', EMPTY: '', REGISTRY: 'ghcr.io', HUGE: 'h'.repeat(100_000), COMPOSE_PROFILES: 'debug' };

/** Files next to the compose file that `extends.file` and `env_file` cases name (written by whoever reads them). */
export const composeNeighbours: Record<string, string> = {
  'base.yaml': 'services:\n  base:\n    image: busybox:1.36\n    extends: { file: base.yaml, service: base }\n',
  'app.env': 'A=1\n',
};

const yamlToken = fc.constantFrom(
  'services:', 'image:', 'build:', 'extends:', 'name:', 'x-', 'web', 'db', ' ', '  ', '\t', '\n', '\r\n', ':', ': ', '- ', '-', '? ',
  '{', '}', '[', ']', ',', '"', "'", '#', '&a ', '*a', '&b ', '*b', '<<: ', '!!str ', '!!binary ', '!custom ', '%YAML 1.2\n', '---\n', '...\n',
  '|', '>', '|-', '${TAG}', '${NOPE:?missing}', '${A:-${B:-c}}', '$$', '$', '${', 'nginx:1.25', 'busybox', '@sha256:', '\ufeff', '\u0000', '\u202e', 'ü', '0x1F', '.inf', '~', 'null', 'true',
);
export const tokenSoup = fc.array(yamlToken, { maxLength: 80 }).map((tokens) => tokens.join(''));

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
export const composeDocument = fc
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

/** `depth` levels of `width` aliases each: expanding it would take width^depth strings. */
export function aliasBomb(depth: number, width: number, asMergeKeys: boolean): string {
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

const aliasBombs = fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.boolean()).map(([depth, width, merge]) => aliasBomb(depth, width, merge));
const deepFlowNesting = fc.integer({ min: 100, max: 200_000 }).map((depth) => `services:\n  web:\n    image: busybox\n    labels: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
const deepBlockNesting = fc
  .integer({ min: 100, max: 20_000 })
  .map((depth) => `services:\n  web:\n    image: busybox\n    x:\n${Array.from({ length: depth }, (_, level) => `${' '.repeat(Math.min(level, 400) * 2 + 6)}- `).join('\n')}\n`);
const manyServices = fc.integer({ min: 1000, max: 20_000 }).map((count) => `services:\n${Array.from({ length: count }, (_, index) => `  s${index}:\n    image: busybox:${index}\n`).join('')}`);
// As many services as fit in the size limit, each a problem to report.
const manyEmptyServices = fc.integer({ min: 10_000, max: 75_000 }).map((count) => `services:\n${Array.from({ length: count }, (_, index) => `  s${index}: {}\n`).join('')}`);
const nestedDefaults = fc.integer({ min: 1, max: 5000 }).map((depth) => `services:\n  web:\n    image: "${'${A:-'.repeat(depth)}busybox${'}'.repeat(depth)}"\n`);
const longInterpolations = fc
  .integer({ min: 1, max: 20_000 })
  .map((count) => `services:\n  web:\n    image: busybox\n    command: "${'$$'.repeat(count)}${'${HUGE}'.repeat(Math.min(count, 8))}"\n`);
const atTheSizeLimit = fc
  .integer({ min: MAX_COMPOSE_FILE_BYTES - 200, max: MAX_COMPOSE_FILE_BYTES + 200 })
  .map((size) => `services:\n  web:\n    image: busybox\n    x: "${'x'.repeat(Math.max(0, size - 50))}"\n`);
const extendsLoops = fc.integer({ min: 2, max: 60 }).map((length) => `services:\n${Array.from({ length }, (_, index) => `  s${index}:\n    extends: s${(index + 1) % length}\n`).join('')}`);
const repeatedMergeKeys = fc.integer({ min: 1, max: 5000 }).map((count) => `services:\n  web:\n    image: busybox\n${'    <<: { a: 1 }\n'.repeat(count)}`);
const oddYaml = fc.constantFrom(
  '\ufeffservices:\r\n  web:\r\n    image: busybox\r\n',
  'services:\n  web:\n    image: busybox\n  web:\n    image: nginx\n',
  'services: !!binary aGVsbG8=\n',
  'services:\n  web: !!set { a, b }\n',
  '%YAML 1.1\n---\nservices:\n  web:\n    image: busybox\n---\nservices: {}\n',
  `services:\n  web:\n    image: busybox\n    env_file: ${'../'.repeat(200)}etc/passwd\n`,
  'services:\n  "\u202eweb":\n    image: "busy\u0000box"\n',
);

/** Every hostile shape, as bench/sections/reliability.ts samples them. */
export const hostileDocument = fc.oneof(
  aliasBombs,
  deepFlowNesting,
  deepBlockNesting,
  manyServices,
  manyEmptyServices,
  nestedDefaults,
  longInterpolations,
  atTheSizeLimit,
  extendsLoops,
  repeatedMergeKeys,
  oddYaml,
);
/** The shapes that stay small (milliseconds each). */
export const smallHostileDocument = fc.oneof(aliasBombs, nestedDefaults, longInterpolations, extendsLoops, repeatedMergeKeys, oddYaml);
/**
 * The shapes that are large (up to a million characters): each takes the reader up to seconds, most of the unit test's
 * time when they were a third of its 200 runs, so it runs fewer of them.
 */
export const largeHostileDocument = fc.oneof(deepFlowNesting, deepBlockNesting, manyServices, manyEmptyServices, atTheSizeLimit);

