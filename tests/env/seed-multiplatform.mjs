// Pushes a two-platform manifest list (linux/amd64 + linux/arm64/v8) through the registry HTTP API,
// because `docker push` on this engine cannot produce manifest lists. Both platform images reuse the
// layer of an image already in the registry; only their config JSON (architecture) differs.
// Plain Node (no tsx): it must run before, or without, `npm ci`.
//
// usage: REG_USER=.. REG_PASS=.. node seed-multiplatform.mjs <registry-url> <from repo:tag> <to repo:tag>
import { createHash } from 'node:crypto';

const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const CONFIG = 'application/vnd.docker.container.image.v1+json';
const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

const [base, from, to] = process.argv.slice(2);
if (!base || !from || !to) {
  console.error('usage: node seed-multiplatform.mjs <registry-url> <from repo:tag> <to repo:tag>');
  process.exit(2);
}
const split = (ref) => {
  const i = ref.lastIndexOf(':');
  return { repo: ref.slice(0, i), tag: ref.slice(i + 1) };
};
const src = split(from);
const dst = split(to);
const headers = {};
if (process.env.REG_USER) {
  headers.authorization =
    'Basic ' + Buffer.from(`${process.env.REG_USER}:${process.env.REG_PASS ?? ''}`).toString('base64');
}
const sha256 = (buf) => 'sha256:' + createHash('sha256').update(buf).digest('hex');

async function call(method, path, { body, accept, contentType, ok = [200, 201, 202] } = {}) {
  const url = new URL(path, base);
  const h = { ...headers };
  if (accept) h.accept = accept;
  if (contentType) h['content-type'] = contentType;
  const res = await fetch(url, { method, headers: h, body, signal: AbortSignal.timeout(30_000) });
  if (!ok.includes(res.status)) {
    const text = await res.text().catch(() => '');
    throw new Error(`${method} ${url} -> HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  return res;
}

async function hasBlob(repo, digest) {
  const res = await call('HEAD', `/v2/${repo}/blobs/${digest}`, { ok: [200, 404] });
  return res.status === 200;
}

async function pushBlob(repo, buf) {
  const digest = sha256(buf);
  if (await hasBlob(repo, digest)) return digest;
  const start = await call('POST', `/v2/${repo}/blobs/uploads/`, { ok: [202] });
  const loc = new URL(start.headers.get('location') ?? '', base);
  loc.searchParams.set('digest', digest);
  await call('PUT', loc.toString(), { body: buf, contentType: 'application/octet-stream', ok: [201] });
  return digest;
}

// Cross-repository mount: the registry links the existing blob instead of copying it.
async function mountBlob(repo, digest, fromRepo) {
  if (await hasBlob(repo, digest)) return;
  const q = `mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepo)}`;
  const res = await call('POST', `/v2/${repo}/blobs/uploads/?${q}`, { ok: [201, 202] });
  if (res.status === 202) {
    // Mount refused (registry policy): copy the bytes instead.
    await res.body?.cancel();
    const blob = Buffer.from(await (await call('GET', `/v2/${fromRepo}/blobs/${digest}`)).arrayBuffer());
    await pushBlob(repo, blob);
  }
}

async function main() {
  const srcManifest = await (
    await call('GET', `/v2/${src.repo}/manifests/${src.tag}`, { accept: MANIFEST_V2 })
  ).json();
  if (srcManifest.mediaType !== MANIFEST_V2) {
    throw new Error(`${from} is ${srcManifest.mediaType}, expected ${MANIFEST_V2}`);
  }
  const srcConfig = await (await call('GET', `/v2/${src.repo}/blobs/${srcManifest.config.digest}`)).json();
  for (const layer of srcManifest.layers) await mountBlob(dst.repo, layer.digest, src.repo);

  const entries = [];
  for (const platform of PLATFORMS) {
    const config = { ...srcConfig, os: platform.os, architecture: platform.architecture };
    if (platform.variant) config.variant = platform.variant;
    else delete config.variant;
    const configBuf = Buffer.from(JSON.stringify(config));
    const configDigest = await pushBlob(dst.repo, configBuf);
    const manifest = {
      schemaVersion: 2,
      mediaType: MANIFEST_V2,
      config: { mediaType: CONFIG, size: configBuf.length, digest: configDigest },
      layers: srcManifest.layers,
    };
    const manifestBuf = Buffer.from(JSON.stringify(manifest));
    const manifestDigest = sha256(manifestBuf);
    await call('PUT', `/v2/${dst.repo}/manifests/${manifestDigest}`, {
      body: manifestBuf,
      contentType: MANIFEST_V2,
      ok: [201],
    });
    entries.push({ mediaType: MANIFEST_V2, size: manifestBuf.length, digest: manifestDigest, platform });
  }
  const list = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_LIST, manifests: entries }));
  await call('PUT', `/v2/${dst.repo}/manifests/${dst.tag}`, { body: list, contentType: MANIFEST_LIST, ok: [201] });
  console.log(`pushed ${to} (${sha256(list)}) for ${PLATFORMS.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')).join(', ')}`);
}

main().catch((err) => {
  console.error(`seed-multiplatform: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
