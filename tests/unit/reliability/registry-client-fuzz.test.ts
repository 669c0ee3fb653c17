/**
 * Hostile registry answers end in clear errors within bounds: endless `Link` pagination, a pagination loop, tag
 * names with control characters, tokens that claim never to expire, redirect loops, answers that never end, and
 * random bytes as a challenge or a tag page. Stand-in registries on ephemeral loopback ports.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseChallenges } from '../../../main/core/registry-client/challenge';
import { RegistryClient } from '../../../main/core/registry-client/client';
import { RegistryFeatures } from '../../../main/core/registry-client/service';
import { MAX_TAG_PAGES, readTagPage } from '../../../main/core/registry-client/tags';
import { MAX_TOKEN_LIFETIME_MS, TokenCache } from '../../../main/core/registry-client/token-cache';
import type { CredentialResolution } from '../../../main/core/credentials/resolve';
import { json, startLocalRegistry, type LocalRegistry } from '../registry-client/local-registry';

const servers: LocalRegistry[] = [];
const clients: RegistryClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function hostile(handler: Parameters<typeof startLocalRegistry>[0]) {
  const server = await startLocalRegistry((req, res, self) => (req.url === '/v2/' ? json(res, 200, {}) : handler(req, res, self)));
  servers.push(server);
  const client = new RegistryClient({ certsDir: '/nonexistent-certs-d', env: {}, timeoutMs: 5_000 });
  clients.push(client);
  const anonymous = { explanation: {} } as CredentialResolution;
  return { server, features: new RegistryFeatures({ client, resolve: async () => anonymous }) };
}

describe('hostile registries', () => {
  it('endless Link pagination stops after the page limit and says the list is incomplete', async () => {
    let page = 0;
    const { features, server } = await hostile((_req, res) => {
      page += 1;
      json(res, 200, { tags: [`t${page}`] }, { link: `</v2/a/tags/list?n=100&last=t${page}>; rel="next"` });
    });
    const listing = await features.tags({ image: `${server.host}/a` });
    expect(listing.complete).toBe(false);
    expect(listing.total).toBe(MAX_TAG_PAGES);
    expect(page).toBe(MAX_TAG_PAGES);
  });

  it('a pagination loop is an error naming the loop', async () => {
    const { features, server } = await hostile((_req, res) => json(res, 200, { tags: ['x'] }, { link: '</v2/a/tags/list?n=100&last=x>; rel="next"' }));
    await expect(features.tags({ image: `${server.host}/a` })).rejects.toMatchObject({ code: 'REGISTRY_BAD_ANSWER', message: expect.stringContaining('in a loop') });
  });

  it('a next page on another host is refused (credentials stay with the registry)', async () => {
    const { features, server } = await hostile((_req, res) => json(res, 200, { tags: ['x'] }, { link: '<http://127.0.0.9:1/v2/a/tags/list>; rel="next"' }));
    await expect(features.tags({ image: `${server.host}/a` })).rejects.toMatchObject({ code: 'REGISTRY_BAD_ANSWER', message: expect.stringContaining('another server') });
  });

  it('tag names with control characters never reach the caller, and are counted', async () => {
    const { features, server } = await hostile((_req, res) => json(res, 200, { tags: ['1.0', 'evil\u001b[31m', 'nul\u0000', 'x'.repeat(200), 42, '2.0'] }));
    const listing = await features.tags({ image: `${server.host}/a` });
    expect(listing.tags).toEqual(['2.0', '1.0']);
    expect(listing.invalid).toBe(4);
  });

  it('any JSON as a tag page yields only valid tag names, or a clear error', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const answer = { status: 200, headers: {}, body: Buffer.from(JSON.stringify({ tags: value })), url: new URL('http://127.0.0.1/') };
        try {
          for (const tag of readTagPage(answer).tags) expect(tag).toMatch(/^[\w][\w.-]{0,127}$/);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('REGISTRY_BAD_ANSWER');
        }
      }),
    );
  });

  it('random text as a challenge parses or throws a plain Error, never hangs', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          for (const challenge of parseChallenges(text)) expect(typeof challenge.scheme).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
    );
  });

  it('a token that claims never to expire is kept no longer than the cap', () => {
    let now = 0;
    const cache = new TokenCache({ now: () => now });
    for (const expiresIn of [Number.MAX_SAFE_INTEGER, 1e300, 10 ** 9]) {
      cache.set('k', 'tok', expiresIn);
      now += MAX_TOKEN_LIFETIME_MS;
      expect(cache.get('k')).toBeUndefined();
    }
  });

  it('a redirect loop ends with a clear error', async () => {
    const { features, server } = await hostile((_req, res) => {
      res.writeHead(301, { location: '/v2/a/tags/list' });
      res.end();
    });
    await expect(features.tags({ image: `${server.host}/a` })).rejects.toMatchObject({ code: 'REGISTRY_BAD_ANSWER', message: expect.stringContaining('redirect loop') });
  });

  it('a manifest answer that never ends is cut at the size limit', async () => {
    const { features, server } = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
      res.on('error', () => undefined);
      const chunk = Buffer.alloc(256 * 1024, 0x5b);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    await expect(features.inspect({ image: `${server.host}/a:1` })).rejects.toMatchObject({ code: 'REGISTRY_ANSWER_TOO_LARGE' });
  });

  it('a token server answering a page instead of a token is a clear error', async () => {
    const { features, server } = await hostile((req, res, self) => {
      if (req.url?.startsWith('/token')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>Sign in</html>');
      }
      json(res, 401, {}, { 'www-authenticate': `Bearer realm="${self.url}/token",service="s"` });
    });
    await expect(features.tags({ image: `${server.host}/a` })).rejects.toMatchObject({ code: 'REGISTRY_BAD_ANSWER', message: expect.stringContaining('without a token (text/html)') });
  });
});
