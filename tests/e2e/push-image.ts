/**
 * Pushes, through the registry API, a copy of a bench registry's small image under a repository and tag of the
 * test's choosing, with an OCI version label and a fresh label in its config: each push is a manifest (and digest)
 * the engine has never seen, so pushing again under the same tag is "a new build of the same tag".
 */
import { createHash, randomUUID } from 'node:crypto';

const V2 = 'application/vnd.docker.distribution.manifest.v2+json';

export async function pushLabelledCopy(registryUrl: string, target: { repository: string; tag: string; version: string }): Promise<string> {
  const fromRepo = 'stevedore/small';
  const manifest = (await (await fetch(`${registryUrl}/v2/${fromRepo}/manifests/1.0`, { headers: { accept: V2 } })).json()) as { config: { digest: string; size: number }; layers: Array<{ digest: string }> };
  const config = (await (await fetch(`${registryUrl}/v2/${fromRepo}/blobs/${manifest.config.digest}`)).json()) as { config: { Labels?: Record<string, string> | null } };
  config.config.Labels = { ...(config.config.Labels ?? {}), 'org.opencontainers.image.version': target.version, 'org.stevedore.test.fresh': randomUUID() };
  const configBytes = Buffer.from(JSON.stringify(config));
  const upload = async (digest: string, body?: Buffer): Promise<void> => {
    const mount = await fetch(`${registryUrl}/v2/${target.repository}/blobs/uploads/?mount=${digest}&from=${fromRepo}`, { method: 'POST' });
    if (mount.status === 201) return;
    const location = new URL(mount.headers.get('location') ?? '', registryUrl);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, { method: 'PUT', body: new Uint8Array(body ?? Buffer.alloc(0)), headers: { 'content-type': 'application/octet-stream' } });
    if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`);
  };
  for (const layer of manifest.layers) await upload(layer.digest);
  const configDigest = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
  await upload(configDigest, configBytes);
  const put = await fetch(`${registryUrl}/v2/${target.repository}/manifests/${target.tag}`, {
    method: 'PUT',
    headers: { 'content-type': V2 },
    body: JSON.stringify({ ...manifest, config: { ...manifest.config, digest: configDigest, size: configBytes.length } }),
  });
  if (put.status !== 201) throw new Error(`manifest upload answered ${put.status}`);
  return put.headers.get('docker-content-digest') ?? '';
}
