import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import { createAppProtocolHandler, rendererFileFor } from '../../main/app-protocol';
import { app, double, protocol } from './electron-double';
import { INDEX_HTML, makeRendererFixture, startShell, stopShells } from './harness';

const fixture = makeRendererFixture();
symlinkSync(fixture.outsideFile, path.join(fixture.root, 'assets', 'link-out.txt'));
afterEach(stopShells);
afterAll(() => fixture.cleanup());

const REQUIRED_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
];

function expectStrictCsp(response: Response): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  const directives = csp.split(';').map((directive) => directive.trim());
  for (const directive of REQUIRED_CSP) expect(directives).toContain(directive);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
}

describe('the app:// scheme', () => {
  it('is registered as privileged (standard, secure, fetch) before ready, without bypassing the CSP', async () => {
    double.reset();
    const { launch } = await import('../../main/launch');
    const launched = launch({ rendererRoot: fixture.root });
    expect(app.isReady()).toBe(false);
    expect(protocol.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    app.becomeReady();
    await launched.started;
    expect(protocol.isProtocolHandled('app')).toBe(true);
    launched.dispose();
  });

  it('serves dist/renderer files with the strict CSP and the right content type', async () => {
    await startShell({ rendererRoot: fixture.root });
    const page = await protocol.fetch('app://stevedore/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expectStrictCsp(page);
    expect(await page.text()).toBe(INDEX_HTML);

    const script = await protocol.fetch('app://stevedore/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expectStrictCsp(script);

    const root = await protocol.fetch('app://stevedore/');
    expect(await root.text()).toBe(INDEX_HTML);
  });

  it('refuses paths that leave the renderer folder, with 404 and the CSP', async () => {
    await startShell({ rendererRoot: fixture.root });
    for (const url of [
      'app://stevedore/../../etc/passwd',
      'app://stevedore/..%2f..%2f..%2fetc%2fpasswd',
      'app://stevedore/..%2fsecret.txt',
      'app://stevedore/assets/..%2f..%2fsecret.txt',
      'app://stevedore/%2e%2e%2fsecret.txt',
      'app://stevedore/..%5csecret.txt',
      `app://stevedore/${encodeURIComponent(fixture.outsideFile)}`,
      'app://stevedore/index.html%00.png',
      'app://stevedore/assets/link-out.txt',
      'app://stevedore/%E0%A4%A',
    ]) {
      const response = await protocol.fetch(url);
      expect(response.status, url).toBe(404);
      expectStrictCsp(response);
      expect(await response.text(), url).not.toContain('not for the renderer');
    }
  });

  it('answers 404 for missing files and other hosts, 405 for writes', async () => {
    await startShell({ rendererRoot: fixture.root });
    expect((await protocol.fetch('app://stevedore/missing.js')).status).toBe(404);
    expect((await protocol.fetch('app://stevedore/assets')).status).toBe(404);
    expect((await protocol.fetch('app://elsewhere/index.html')).status).toBe(404);
    const post = await protocol.fetch('app://stevedore/index.html', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expectStrictCsp(post);
  });

  it('answers HEAD without a body', async () => {
    const handler = createAppProtocolHandler(fixture.root);
    const response = await handler(new Request('app://stevedore/index.html', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('rendererFileFor', () => {
  const root = path.resolve('/srv/renderer');
  it('maps URL paths inside the root', () => {
    expect(rendererFileFor(root, '/')).toBe(path.join(root, 'index.html'));
    expect(rendererFileFor(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(rendererFileFor(root, '/a%20b.png')).toBe(path.join(root, 'a b.png'));
  });
  it('refuses anything that would leave it', () => {
    expect(rendererFileFor(root, '/..%2f..%2fetc%2fpasswd')).toBeUndefined();
    expect(rendererFileFor(root, '/../renderer-evil/x')).toBeUndefined();
    expect(rendererFileFor(root, '/..')).toBeUndefined();
    expect(rendererFileFor(root, '/%2Fetc%2Fpasswd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(rendererFileFor(root, '/a%00b')).toBeUndefined();
    expect(rendererFileFor(root, '/%E0%A4%A')).toBeUndefined();
  });
});
