/**
 * The registry client in the Pull screen, against the bench: tags suggested from the token registry for a stored
 * registry with carol's credentials, a tag's platforms under the image field, and a pull through the 429 proxy
 * showing the rate-limit card with the time pulls are possible again.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenRegistry } from '../env/bench';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { launchApp, screenshot, type RunningApp } from './harness';

const V2 = 'application/vnd.docker.distribution.manifest.v2+json';

/**
 * Pushes (through the registry API) a copy of the anon registry's small image whose config carries a fresh label
 * and an OCI version label: a manifest the engine has never seen, so its pull makes the counted GET (the engine
 * skips it for a manifest it holds), and a version label to show.
 */
async function pushLabelledImage(registryUrl: string, version: string): Promise<string> {
  const fromRepo = 'stevedore/small';
  const toRepo = 'stevedore/registry-client-e2e';
  const manifest = (await (await fetch(`${registryUrl}/v2/${fromRepo}/manifests/1.0`, { headers: { accept: V2 } })).json()) as { config: { digest: string; size: number }; layers: Array<{ digest: string }> };
  const config = (await (await fetch(`${registryUrl}/v2/${fromRepo}/blobs/${manifest.config.digest}`)).json()) as { config: { Labels?: Record<string, string> | null } };
  config.config.Labels = { ...(config.config.Labels ?? {}), 'org.opencontainers.image.version': version, 'org.stevedore.test.fresh': randomUUID() };
  const configBytes = Buffer.from(JSON.stringify(config));
  const upload = async (digest: string, body?: Buffer) => {
    const mount = await fetch(`${registryUrl}/v2/${toRepo}/blobs/uploads/?mount=${digest}&from=${fromRepo}`, { method: 'POST' });
    if (mount.status === 201) return;
    const location = new URL(mount.headers.get('location') ?? '', registryUrl);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, { method: 'PUT', body: new Uint8Array(body ?? Buffer.alloc(0)), headers: { 'content-type': 'application/octet-stream' } });
    if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`);
  };
  for (const layer of manifest.layers) await upload(layer.digest);
  const configDigest = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
  await upload(configDigest, configBytes);
  const tag = `e2e-${randomUUID().slice(0, 8)}`;
  const put = await fetch(`${registryUrl}/v2/${toRepo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': V2 },
    body: JSON.stringify({ ...manifest, config: { ...manifest.config, digest: configDigest, size: configBytes.length } }),
  });
  if (put.status !== 201) throw new Error(`manifest upload answered ${put.status}`);
  return `${toRepo}:${tag}`;
}

describe('registry client in the Pull screen', () => {
  let app: RunningApp;
  let proxy: FaultProxy;

  beforeAll(async () => {
    app = await launchApp();
    const token = tokenRegistry(app.bench);
    await app.preview.core.registries.add({
      name: 'Team (carol)',
      address: token.address,
      username: token.users.carol.username,
      secret: token.users.carol.password,
      patterns: ['team/**'],
      isDefault: false,
    });
    proxy = await startFaultProxy({ listenHost: '127.0.0.1', target: app.bench.registries.anon.address, fault: { kind: 'rate-limit', remaining: 0, limit: 100, windowSeconds: 21600 } });
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
  });

  it("suggests the token registry's tags for carol and describes the chosen tag", async () => {
    const { page } = app;
    const token = tokenRegistry(app.bench);
    await page.getByTestId('nav-pull').click();
    await page.getByTestId('pull-image').fill(`${token.address}/team/app:`);
    const option = page.getByRole('option', { name: /^1\.0/ });
    await expect.poll(() => option.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(page, 'pull-tag-suggestions');
    await option.first().click();
    expect(await page.getByTestId('pull-image').inputValue()).toBe(`${token.address}/team/app:1.0`);
    await expect.poll(() => page.getByTestId('remote-image').textContent(), { timeout: 15_000 }).toContain('linux/amd64');
    expect(await page.getByTestId('remote-image').textContent()).toMatch(/to download/);
    await screenshot(page, 'pull-remote-inspect');
  });

  it("shows a tag's version label, and the rate-limit card with the time pulls are possible again", async () => {
    const { page, bench } = app;
    const repositoryAndTag = await pushLabelledImage(bench.registries.anon.url, '3.4.5');
    await page.getByTestId('nav-pull').click();
    await page.getByTestId('pull-image').fill(`${bench.registries.anon.address}/${repositoryAndTag}`);
    await expect.poll(() => page.getByTestId('remote-image').textContent(), { timeout: 15_000 }).toContain('version 3.4.5');

    await page.getByTestId('pull-image').fill(`${proxy.address}/${repositoryAndTag}`);
    await page.getByTestId('pull-submit').click();
    await expect.poll(() => page.getByTestId('pull-error').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByTestId('pull-error').textContent()).toMatch(/RATE_LIMITED|rate limit|too many/i);
    await expect.poll(() => page.getByTestId('rate-limit-reset').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('rate-limit').textContent()).toContain('0 of 100 pulls left');
    expect(await page.getByTestId('rate-limit-add-credentials').getAttribute('href')).toBe(`#/registries/add/${encodeURIComponent(proxy.address)}`);
    await page.getByTestId('rate-limit').scrollIntoViewIfNeeded();
    await screenshot(page, 'pull-rate-limited');
  });
});
