/**
 * Just enough of the registry HTTP API (distribution v2) to read an image's manifest and config and to push new
 * images built from blobs: the benchmark seeds its own images without going through the engine it measures.
 */
import { createHash } from 'node:crypto';

export interface RegistryEndpoint {
  /** e.g. `http://127.0.0.1:5001` */
  url: string;
  username?: string;
  password?: string;
}

export interface Descriptor {
  mediaType: string;
  size: number;
  digest: string;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

export interface ImageConfig {
  rootfs: { type: string; diff_ids: string[] };
  history?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
export const CONFIG_V1 = 'application/vnd.docker.container.image.v1+json';
export const LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export class RegistryClient {
  constructor(private readonly endpoint: RegistryEndpoint) {}

  async manifest(repository: string, tag: string): Promise<ImageManifest | undefined> {
    const response = await this.request('GET', `/v2/${repository}/manifests/${tag}`, { headers: { Accept: MANIFEST_V2 } });
    if (response.status === 404) return undefined;
    await this.expect(response, 200, `reading the manifest of ${repository}:${tag}`);
    return (await response.json()) as ImageManifest;
  }

  async blob(repository: string, digest: string): Promise<Buffer> {
    const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`);
    await this.expect(response, 200, `reading blob ${digest} of ${repository}`);
    return Buffer.from(await response.arrayBuffer());
  }

  async config(repository: string, manifest: ImageManifest): Promise<ImageConfig> {
    return JSON.parse((await this.blob(repository, manifest.config.digest)).toString('utf8')) as ImageConfig;
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const response = await this.request('HEAD', `/v2/${repository}/blobs/${digest}`);
    return response.status === 200;
  }

  /** Monolithic upload (POST then PUT with the digest); skipped when the repository has the blob already. */
  async pushBlob(repository: string, data: Buffer): Promise<Descriptor & { mediaType: '' }> {
    const digest = sha256(data);
    if (!(await this.hasBlob(repository, digest))) {
      const started = await this.request('POST', `/v2/${repository}/blobs/uploads/`);
      await this.expect(started, 202, `starting an upload to ${repository}`);
      const location = started.headers.get('location');
      if (!location) throw new Error(`the registry gave no upload location for ${repository}`);
      const target = new URL(location, this.endpoint.url);
      target.searchParams.set('digest', digest);
      const put = await this.request('PUT', target.pathname + target.search, {
        // No Content-Length of our own: undici sets it from the body (and refuses one it did not set for large ones).
        headers: { 'Content-Type': 'application/octet-stream' },
        body: data,
      });
      await this.expect(put, 201, `uploading ${digest} to ${repository}`);
    }
    return { mediaType: '', size: data.length, digest };
  }

  async pushManifest(repository: string, tag: string, manifest: ImageManifest): Promise<void> {
    const response = await this.request('PUT', `/v2/${repository}/manifests/${tag}`, {
      headers: { 'Content-Type': manifest.mediaType },
      body: Buffer.from(JSON.stringify(manifest)),
    });
    await this.expect(response, 201, `pushing the manifest of ${repository}:${tag}`);
  }

  /**
   * Tried again once when the connection fails before an answer (undici's "fetch failed"): a keep-alive socket the
   * registry closed meanwhile. Every request here is safe to repeat (uploads are by digest).
   */
  private async request(method: string, pathAndQuery: string, init: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<Response> {
    try {
      return await this.requestOnce(method, pathAndQuery, init);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      return this.requestOnce(method, pathAndQuery, init).catch((again: unknown) => {
        const cause = again instanceof Error && again.cause instanceof Error ? `: ${again.cause.message}` : '';
        throw new Error(`${method} ${pathAndQuery.split('?')[0]} on ${this.endpoint.url} failed twice${cause}`, { cause: again });
      });
    }
  }

  private requestOnce(method: string, pathAndQuery: string, init: { headers?: Record<string, string>; body?: Buffer }): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.endpoint.username !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(`${this.endpoint.username}:${this.endpoint.password ?? ''}`).toString('base64')}`;
    }
    return fetch(new URL(pathAndQuery, this.endpoint.url), { method, headers, body: init.body === undefined ? undefined : new Uint8Array(init.body), signal: AbortSignal.timeout(60_000) });
  }

  private async expect(response: Response, status: number, what: string): Promise<void> {
    if (response.status === status) return;
    const body = await response.text().catch(() => '');
    throw new Error(`${what}: the registry answered ${response.status} ${body.slice(0, 300)}`);
  }
}
