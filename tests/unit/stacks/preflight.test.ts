import { describe, expect, it } from 'vitest';
import type { CredentialExplanation } from '../../../preload/api';
import { planService, runPreflight, type LocalImage } from '../../../main/core/stacks/preflight';
import { parseComposeProject, type ComposeService } from '../../../main/core/stacks/reader';

function service(overrides: Partial<ComposeService> & { image?: string }): ComposeService {
  const yaml = `services:\n  s:\n${overrides.image ? `    image: ${overrides.image}\n` : '    build: .\n'}`;
  const parsed = parseComposeProject(yaml, { file: '/x/p/compose.yaml', env: {} }).services[0]!;
  return { ...parsed, ...overrides };
}

describe('planService', () => {
  const image = { image: '127.0.0.1:5001/team/web:1' };
  const built = { build: { context: '.' } };
  it.each<[string, Partial<ComposeService> & { image?: string }, boolean | undefined, boolean, string]>([
    ['image absent → pull', image, false, false, 'pull'],
    ['image present → use local', image, true, false, 'use-local'],
    ['engine unknown → pull', image, undefined, false, 'pull'],
    ['always → pull even when present', { ...image, pullPolicy: 'always' }, true, false, 'pull'],
    ['missing, present → use local', { ...image, pullPolicy: 'missing' }, true, false, 'use-local'],
    ['never, present → use local', { ...image, pullPolicy: 'never' }, true, false, 'use-local'],
    ['redeploy → pull again', image, true, true, 'pull'],
    ['redeploy, never → use local', { ...image, pullPolicy: 'never' }, true, true, 'use-local'],
    ['build only → build', built, false, false, 'build'],
    ['build only, built before → use local', built, true, false, 'use-local'],
    ['build only, redeploy → build again', built, true, true, 'build'],
    ['image + build, absent → pull or build', { ...image, ...built }, false, false, 'pull-or-build'],
    ['image + build, present → use local', { ...image, ...built }, true, false, 'use-local'],
    ['image + build, policy build → build', { ...image, ...built, pullPolicy: 'build' }, true, false, 'build'],
    ['image + build, always → pull', { ...image, ...built, pullPolicy: 'always' }, true, false, 'pull'],
    ['image + build, never, absent → build', { ...image, ...built, pullPolicy: 'never' }, false, false, 'build'],
    ['inactive profile → nothing', { ...image, active: false, profiles: ['debug'] }, false, false, 'none'],
  ])('%s', (_name, overrides, local, redeploy, action) => {
    const plan = planService(service(overrides), local, { redeploy });
    expect(plan.action).toBe(action);
    expect(plan.problem).toBeUndefined();
    expect(plan.reason.length).toBeGreaterThan(10);
  });

  it('is a problem when pull_policy is never and the engine lacks the image', () => {
    const plan = planService(service({ image: '127.0.0.1:5001/team/web:1', pullPolicy: 'never', platform: 'linux/arm64' }), false);
    expect(plan.problem).toMatchObject({ code: 'IMAGE_NOT_LOCAL', message: expect.stringMatching(/never.*127\.0\.0\.1:5001\/team\/web:1 for linux\/arm64/) });
  });

  it('is a problem when pull_policy is build without a build section', () => {
    expect(planService(service({ image: 'busybox', pullPolicy: 'build' }), true).problem).toMatchObject({ code: 'COMPOSE_INVALID' });
  });
});

describe('runPreflight', () => {
  const explanation = (reference: string, source: CredentialExplanation['source']): CredentialExplanation => ({
    reference,
    host: reference.split('/')[0]!,
    source,
    summary: `explained ${reference}`,
    reason: 'explained',
    considered: [],
  });

  it('explains each image once, checks the engine per platform, and lists every problem', async () => {
    const yaml = [
      'services:',
      '  web:',
      '    image: 127.0.0.1:5001/team/web:1',
      '  worker:',
      '    image: 127.0.0.1:5001/team/web:1',
      '  arm:',
      '    image: 127.0.0.2:5002/team/arm:1',
      '    platform: linux/arm64',
      '  local:',
      '    image: 127.0.0.2:5002/team/local:1',
      '    pull_policy: never',
      '  app:',
      '    build: ./app',
      '  db:',
      '    image: postgres',
      '    environment:',
      '      P: ${PASSWORD:?needed}',
    ].join('\n');
    const project = parseComposeProject(yaml, { file: '/x/shop/compose.yaml', env: {} });
    const explained: string[] = [];
    const inspected: string[] = [];
    const local: Record<string, LocalImage> = {
      '127.0.0.2:5002/team/arm:1': { id: 'sha256:amd', os: 'linux', architecture: 'amd64' },
      'shop-app': { id: 'sha256:built', os: 'linux', architecture: 'amd64' },
    };
    const preflight = await runPreflight(project, {
      explain: async (image) => {
        explained.push(image);
        return explanation(image, image.startsWith('127.0.0.1') ? 'registry' : 'anonymous');
      },
      inspectImage: async (reference) => {
        inspected.push(reference);
        return local[reference];
      },
    });
    // Each image is asked of the engine once, however many services run it (an eight-service stack of one image
    // asked eight times).
    expect(inspected.sort()).toEqual(['127.0.0.1:5001/team/web:1', '127.0.0.2:5002/team/arm:1', '127.0.0.2:5002/team/local:1', 'docker.io/library/postgres:latest', 'shop-app']);
    expect(explained.sort()).toEqual(['127.0.0.1:5001/team/web:1', '127.0.0.2:5002/team/arm:1', '127.0.0.2:5002/team/local:1', 'docker.io/library/postgres:latest']);
    const byService = Object.fromEntries(preflight.services.map((entry) => [entry.service, entry]));
    expect(byService.web).toMatchObject({ canonical: '127.0.0.1:5001/team/web:1', local: false, action: 'pull', credential: { source: 'registry' } });
    // On the engine, but for another platform: pulled.
    expect(byService.arm).toMatchObject({ local: false, action: 'pull', platform: 'linux/arm64' });
    expect(byService.local).toMatchObject({ local: false, action: 'none' });
    expect(byService.app).toMatchObject({ image: 'shop-app', build: true, local: true, action: 'use-local' });
    expect(byService.app?.credential).toBeUndefined();
    expect(preflight.ok).toBe(false);
    expect(preflight.problems.map((problem) => [problem.code, problem.service])).toEqual([
      ['COMPOSE_VARIABLE', 'db'],
      ['IMAGE_NOT_LOCAL', 'local'],
    ]);
  });

  it('reports an engine it cannot ask, once, as a problem', async () => {
    const project = parseComposeProject('services:\n  a:\n    image: x\n  b:\n    image: y\n', { file: '/x/p/compose.yaml', env: {} });
    const preflight = await runPreflight(project, {
      explain: async (image) => explanation(image, 'anonymous'),
      inspectImage: async () => {
        throw Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
      },
    });
    expect(preflight.problems).toEqual([expect.objectContaining({ code: 'ENGINE_UNREACHABLE', message: expect.stringMatching(/ENOENT/) })]);
    expect(preflight.services.every((entry) => entry.local === undefined)).toBe(true);
  });

  it('shows an explanation failure as a warning, not a blocker', async () => {
    const project = parseComposeProject('services:\n  a:\n    image: x\n', { file: '/x/p/compose.yaml', env: {} });
    const preflight = await runPreflight(project, {
      explain: async () => {
        throw new Error('credential helper docker-credential-broken failed');
      },
      inspectImage: async () => undefined,
    });
    expect(preflight.ok).toBe(true);
    expect(preflight.problems).toEqual([expect.objectContaining({ code: 'CREDENTIALS_UNEXPLAINED', severity: 'warning' })]);
  });
});
