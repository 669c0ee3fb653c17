// Copies an image from a registry without authentication into the bench's token registry through the registry
// HTTP API, fetching a push token from the token server first (as `docker push` would). No engine is involved, so
// seeding never touches the shared engine's images or its Docker config. Plain Node (no tsx).
//
// usage: SEED_USER=.. SEED_PASS=.. node token-seed.mjs <from-url> <from repo:tag> <to-url> <realm> <service> <to repo:tag>...
import { createHash } from 'node:crypto';

const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const [fromUrl, fromRef, toUrl, realm, service, ...targets] = process.argv.slice(2);
if (!fromUrl || !fromRef || !toUrl || !realm || !service || targets.length === 0) {
  console.error('usage: node token-seed.mjs <from-url> <from repo:tag> <to-url> <realm> <service> <to repo:tag>...');
  process.exit(2);
}
const split = (ref) => {
  const i = ref.lastIndexOf(':');
  return { repo: ref.slice(0, i), tag: ref.slice(i + 1) };
};
const sha256 = (buf) => 'sha256:' + createHash('sha256').update(buf).digest('hex');

async function call(method, url, { headers = {}, body, ok = [200, 201, 202] } = {}) {
  const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(30_000) });
  if (!ok.includes(res.status)) {
    const text = await res.text().catch(() => '');
    throw new Error(`${method} ${url} -> HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  return res;
}

async function pushToken(repo) {
  const url = new URL(realm);
  url.searchParams.set('service', service);
  url.searchParams.set('scope', `repository:${repo}:pull,push`);
  const basic = Buffer.from(`${process.env.SEED_USER}:${process.env.SEED_PASS}`).toString('base64');
  const answer = await (await call('GET', url, { headers: { authorization: `Basic ${basic}` } })).json();
  if (typeof answer.token !== 'string') throw new Error(`the token server gave no token: ${JSON.stringify(answer).slice(0, 200)}`);
  return answer.token;
}

async function main() {
  const src = split(fromRef);
  const manifestBytes = Buffer.from(
    await (await call('GET', `${fromUrl}/v2/${src.repo}/manifests/${src.tag}`, { headers: { accept: MANIFEST_V2 } })).arrayBuffer(),
  );
  const manifest = JSON.parse(manifestBytes.toString('utf8'));
  if (manifest.mediaType !== MANIFEST_V2) throw new Error(`${fromRef} is ${manifest.mediaType}, expected ${MANIFEST_V2}`);
  const blobs = [manifest.config, ...manifest.layers].map((d) => d.digest);
  const contents = new Map();
  for (const digest of blobs) {
    const data = Buffer.from(await (await call('GET', `${fromUrl}/v2/${src.repo}/blobs/${digest}`)).arrayBuffer());
    if (sha256(data) !== digest) throw new Error(`blob ${digest} of ${fromRef} does not match its digest`);
    contents.set(digest, data);
  }
  for (const target of targets) {
    const dst = split(target);
    const auth = { authorization: `Bearer ${await pushToken(dst.repo)}` };
    for (const digest of blobs) {
      const head = await call('HEAD', `${toUrl}/v2/${dst.repo}/blobs/${digest}`, { headers: auth, ok: [200, 404] });
      if (head.status === 200) continue;
      const start = await call('POST', `${toUrl}/v2/${dst.repo}/blobs/uploads/`, { headers: auth, ok: [202] });
      const location = new URL(start.headers.get('location') ?? '', toUrl);
      location.searchParams.set('digest', digest);
      await call('PUT', location, { headers: { ...auth, 'content-type': 'application/octet-stream' }, body: contents.get(digest), ok: [201] });
    }
    await call('PUT', `${toUrl}/v2/${dst.repo}/manifests/${dst.tag}`, {
      headers: { ...auth, 'content-type': MANIFEST_V2 },
      body: manifestBytes,
      ok: [201],
    });
    console.log(`seeded ${target} (${sha256(manifestBytes)})`);
  }
}

main().catch((error) => {
  console.error(`token-seed: ${error.message}`);
  process.exit(1);
});
