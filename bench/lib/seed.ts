/**
 * The stack benchmarks' images: eight variants of the bench's `small` image, each with one extra layer of its own
 * (incompressible bytes, so every variant really has something to download), alternating between the htpasswd
 * registry and the anonymous one. Pushed with the registry API; the content is derived from a fixed seed, so
 * seeding again pushes nothing unless the bench rebuilt `small`.
 *
 * Each set of variants (one per section) also has a base layer of its own: `small`'s busybox layer plus one file
 * naming the set. So a section that removes every layer of its images ("from nothing") never removes another
 * section's images or the bench's `small`, and sections run in any order, alone or together.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Bench } from '../../tests/env/bench';
import { CONFIG_V1, LAYER_GZIP, MANIFEST_V2, RegistryClient, sha256, type ImageManifest } from './registry';

export const VARIANT_COUNT = 8;
/** Per variant, on top of the 1 MB busybox layer they share. */
export const VARIANT_LAYER_BYTES = 4 * 1024 * 1024;
const REPOSITORY_PREFIX = 'stevedore-bench/svc';
const TAG = '1.0';

export interface SeededImage {
  reference: string;
  registry: 'plain' | 'anon';
  /** Layer diff ids (uncompressed digests), base first. */
  diffIds: string[];
  /** The engine's short id for the image's own layer in pull progress (12 hex digits of the blob digest). */
  ownLayerShortId: string;
}

/** Deterministic bytes that gzip cannot shrink: SHA-256 in counter mode. */
function seededBytes(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let offset = 0;
  for (let counter = 0; offset < length; counter += 1) {
    offset += createHash('sha256').update(`${seed}:${counter}`).digest().copy(out, offset);
  }
  return out;
}

/** A tar archive holding one regular file at the root of the image. */
function singleFileTar(name: string, content: Buffer): Buffer {
  return Buffer.concat([tarEntry(name, content), Buffer.alloc(1024)]);
}

/** One regular file as a tar entry (header, content, padding); an archive ends with 1,024 zero bytes after its entries. */
export function tarEntry(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (text: string, offset: number, length: number) => header.write(text, offset, length, 'ascii');
  field(name, 0, 100);
  field('0000644\0', 100, 8);
  field('0000000\0', 108, 8);
  field('0000000\0', 116, 8);
  field(`${content.length.toString(8).padStart(11, '0')}\0`, 124, 12);
  field('00000000000\0', 136, 12);
  field('        ', 148, 8);
  field('0', 156, 1);
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  let checksum = 0;
  for (const byte of header) checksum += byte;
  field(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding]);
}

export interface VariantSet {
  repositoryPrefix: string;
  /** Names the variants' files and seeds their bytes: another label, other images. */
  contentLabel: string;
  count: number;
  layerBytes: number;
}

/** The stack section's eight 4 MiB variants. */
export const STACK_VARIANTS: VariantSet = { repositoryPrefix: REPOSITORY_PREFIX, contentLabel: 'stevedore-bench-variant', count: VARIANT_COUNT, layerBytes: VARIANT_LAYER_BYTES };
/** The deploy section's own eight: same sizes as the stack's, other layers. */
export const DEPLOY_VARIANTS: VariantSet = { repositoryPrefix: 'stevedore-bench/deploy', contentLabel: 'stevedore-bench-deploy', count: VARIANT_COUNT, layerBytes: VARIANT_LAYER_BYTES };
/** The memory section's own: its pull cycles remove an image no other section uses. */
export const MEMORY_VARIANTS: VariantSet = { repositoryPrefix: 'stevedore-bench/memory', contentLabel: 'stevedore-bench-memory', count: VARIANT_COUNT, layerBytes: VARIANT_LAYER_BYTES };

/** Where a tar archive's entries end (its end-of-archive zero blocks start), walking the headers. */
function endOfEntries(tar: Buffer): number {
  let offset = 0;
  while (offset + 512 <= tar.length && tar.subarray(offset, offset + 512).some((byte) => byte !== 0)) {
    const size = Number.parseInt(tar.subarray(offset + 124, offset + 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return offset;
}

/** `small`'s base layer with one file naming the set added: the same busybox, a layer (diff id) of the set's own. */
function ownBaseLayer(baseLayerGzip: Buffer, set: VariantSet): { tar: Buffer; gzip: Buffer } {
  const base = gunzipSync(baseLayerGzip);
  const tar = Buffer.concat([base.subarray(0, endOfEntries(base)), tarEntry(`${set.contentLabel}.base`, Buffer.from(`${set.contentLabel}\n`)), Buffer.alloc(1024)]);
  return { tar, gzip: gzipSync(tar, { level: 6 }) };
}

export async function seedVariants(bench: Bench, set: VariantSet = STACK_VARIANTS): Promise<SeededImage[]> {
  const { plain, anon } = bench.registries;
  const source = new RegistryClient({ url: plain.url, username: plain.username, password: plain.password });
  const [baseRepository, baseTag] = repositoryAndTag(bench.images.small.plain);
  const baseManifest = await source.manifest(baseRepository, baseTag);
  if (!baseManifest) throw new Error(`${bench.images.small.plain} is missing from the bench registry`);
  const baseConfig = await source.config(baseRepository, baseManifest);
  const baseLayer = baseManifest.layers[0];
  if (!baseLayer || baseManifest.layers.length !== 1) throw new Error('the bench small image should have exactly one layer');
  const base = ownBaseLayer(await source.blob(baseRepository, baseLayer.digest), set);
  const baseDiffId = sha256(base.tar);

  const seeded: SeededImage[] = [];
  for (let index = 0; index < set.count; index += 1) {
    const registryName = index % 2 === 0 ? 'plain' : 'anon';
    const target =
      registryName === 'plain'
        ? new RegistryClient({ url: plain.url, username: plain.username, password: plain.password })
        : new RegistryClient({ url: anon.url });
    const address = registryName === 'plain' ? plain.address : anon.address;
    const repository = `${set.repositoryPrefix}-${index + 1}`;

    const tar = singleFileTar(`${set.contentLabel}-${index + 1}.bin`, seededBytes(`${set.contentLabel}-${index + 1}`, set.layerBytes));
    const layer = gzipSync(tar, { level: 6 });
    const diffId = sha256(tar);
    const created = '2026-01-01T00:00:00Z';
    const config = {
      ...baseConfig,
      created,
      rootfs: { type: 'layers', diff_ids: [baseDiffId, diffId] },
      history: [...(baseConfig.history ?? []), { created, created_by: `${set.contentLabel.replaceAll('-', ' ')} ${index + 1}` }],
    };
    const configBlob = Buffer.from(JSON.stringify(config));
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MANIFEST_V2,
      config: { mediaType: CONFIG_V1, size: configBlob.length, digest: sha256(configBlob) },
      layers: [
        { mediaType: LAYER_GZIP, size: base.gzip.length, digest: sha256(base.gzip) },
        { mediaType: LAYER_GZIP, size: layer.length, digest: sha256(layer) },
      ],
    };
    const existing = await target.manifest(repository, TAG);
    if (existing?.config.digest !== manifest.config.digest) {
      await target.pushBlob(repository, base.gzip);
      await target.pushBlob(repository, layer);
      await target.pushBlob(repository, configBlob);
      await target.pushManifest(repository, TAG, manifest);
    }
    seeded.push({
      reference: `${address}/${repository}:${TAG}`,
      registry: registryName,
      diffIds: config.rootfs.diff_ids,
      ownLayerShortId: sha256(layer).slice('sha256:'.length, 'sha256:'.length + 12),
    });
  }
  return seeded;
}

/** `host/repo/path:tag` → [`repo/path`, `tag`]. */
export function repositoryAndTag(reference: string): [string, string] {
  const slash = reference.indexOf('/');
  const rest = reference.slice(slash + 1);
  const colon = rest.lastIndexOf(':');
  return [rest.slice(0, colon), rest.slice(colon + 1)];
}

/**
 * A compose file (`compose.yaml` in `folder`) with one service per image. `keepRunning`: each service runs until
 * stopped and is killed at once on down (no 10 s grace for a shell that ignores SIGTERM); otherwise each exits.
 */
export function writeVariantStack(folder: string, project: string, images: readonly SeededImage[], options: { keepRunning: boolean }): string {
  const command = options.keepRunning ? '["sleep", "86400"]\n    stop_signal: SIGKILL' : '["true"]';
  const services = images.map((image, index) => `  svc${index + 1}:\n    image: ${image.reference}\n    command: ${command}\n`).join('');
  const file = path.join(folder, 'compose.yaml');
  writeFileSync(file, `name: ${project}\nservices:\n${services}`);
  return file;
}
