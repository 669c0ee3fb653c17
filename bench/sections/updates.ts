/**
 * Update checks at scale (issue 14, "Done when"): 50 images spread over the bench's four registries (Basic, TLS,
 * anonymous, Docker's token scheme), each pushed once so the engine holds its repo digest, checked by the updates
 * checker with the core's own credential resolver and the registry client. Two figures: the most requests any one
 * repository:tag got (target ≤ 1: one HEAD, nothing more for an image that is up to date) and the check's time
 * against five times one `docker pull` of the small image (target ≤ 1). Each round starts with a new registry
 * client (no cached tokens or sessions), as after a restart.
 */
import { parseImageReference } from '../../main/core/credentials/reference';
import { RegistryClient } from '../../main/core/registry-client/client';
import { RegistryFeatures } from '../../main/core/registry-client/service';
import { UpdateChecker } from '../../main/core/updates/checker';
import { buildInventory, type EngineImage } from '../../main/core/updates/inventory';
import { tokenRegistry } from '../../tests/env/bench';
import type { BenchContext } from '../lib/context';
import type { Row } from '../lib/report';
import { elapsedMs, median, round } from '../lib/stats';

export const UPDATES_IMAGES = 50;
export const UPDATES_REQUESTS_TARGET = 1;
export const UPDATES_RATIO_TARGET = 1.0;

export async function benchUpdates(context: BenchContext): Promise<Row[]> {
  const { bench } = context;
  const rounds = context.options.quick ? 1 : 5;
  const app = await context.app();
  const cli = await context.cli();
  const token = tokenRegistry(bench);
  const { plain, tls, anon } = bench.registries;
  await cli.run(['login', '--username', tls.username, '--password-stdin', tls.address], tls.password);
  await cli.run(['login', '--username', token.users.carol.username, '--password-stdin', token.address], token.users.carol.password);
  await app.core.registries.add({ name: 'Bench plain', address: plain.address, username: plain.username, secret: plain.password, patterns: ['stevedore-bench-updates/**'], isDefault: false });
  await app.core.registries.add({ name: 'Bench TLS', address: tls.address, username: tls.username, secret: tls.password, patterns: ['stevedore-bench-updates/**'], isDefault: false });
  await app.core.registries.add({ name: 'Bench token', address: token.address, username: token.users.carol.username, secret: token.users.carol.password, patterns: ['team/**'], isDefault: false });

  const hosts = [plain.address, tls.address, anon.address, token.address];
  const references = Array.from({ length: UPDATES_IMAGES }, (_, index) => {
    const host = hosts[index % hosts.length] as string;
    return host === token.address ? `${host}/team/bench-updates-${index}:1.0` : `${host}/stevedore-bench-updates/img-${index}:1.0`;
  });
  context.log(`updates: pushing ${UPDATES_IMAGES} images to ${hosts.length} registries`);
  await cli.run(['pull', '-q', bench.images.small.anon]);
  for (const reference of references) {
    await cli.run(['tag', bench.images.small.anon, reference]);
    await cli.run(['push', '-q', reference]);
  }

  try {
    const images = (await context.docker.listImages()) as EngineImage[];
    const inventory = buildInventory(images, [], []);
    const requests = references.map((reference) => {
      const entry = inventory.get(parseImageReference(reference).familiarReference);
      if (entry === undefined || entry.localDigests.length === 0) throw new Error(`${reference} has no repo digest on the engine after its push`);
      return { reference: entry.reference, localDigests: entry.localDigests };
    });

    const checkMs: number[] = [];
    const pullMs: number[] = [];
    let mostPerTag = 0;
    let total = 0;
    let states = new Map<string, number>();
    for (let round = 0; round < rounds; round += 1) {
      const client = new RegistryClient({ env: {} });
      const features = new RegistryFeatures({ client, resolve: (image) => app.core.credentials.resolve(image) });
      const perTag = new Map<string, number>();
      const checker = new UpdateChecker({
        registry: {
          resolve: (image, lookups) => app.core.credentials.resolve(image, undefined, lookups),
          request: (call) => {
            // One tag per repository here, so per repository is per repository:tag (a tag listing counts too).
            const key = `${call.host}/${call.repository}`;
            perTag.set(key, (perTag.get(key) ?? 0) + 1);
            return client.request(call);
          },
          describe: (image, platform) => features.inspect({ image, ...(platform === undefined ? {} : { platform }) }),
          tags: (image) => features.allTags(image),
        },
        platform: () => 'linux/amd64',
      });
      const start = process.hrtime.bigint();
      const outcomes = await checker.checkAll(requests);
      checkMs.push(elapsedMs(start));
      await client.close();
      mostPerTag = Math.max(mostPerTag, ...perTag.values());
      total = [...perTag.values()].reduce((sum, count) => sum + count, 0);
      states = new Map();
      for (const outcome of outcomes.values()) states.set(outcome.state, (states.get(outcome.state) ?? 0) + 1);

      await context.docker.getImage(bench.images.small.plain).remove({ force: true }).catch(() => undefined);
      pullMs.push(await cli.timed(['pull', '-q', bench.images.small.plain]));
    }
    const check50 = median(checkMs);
    const pull50 = median(pullMs);
    const stateText = [...states].map(([state, count]) => `${count} ${state}`).join(', ');
    return [
      {
        id: 'updates.requests-per-tag',
        section: 'updates',
        label: `registry requests per repository:tag, checking ${UPDATES_IMAGES} images on ${hosts.length} registries`,
        value: mostPerTag,
        unit: 'requests',
        target: UPDATES_REQUESTS_TARGET,
        notes: [`${total} requests in the last round for ${UPDATES_IMAGES} repository:tags (token fetches are the client's own, not counted); outcome: ${stateText}`],
      },
      {
        id: 'updates.check-vs-pull',
        section: 'updates',
        label: `checking ${UPDATES_IMAGES} images vs 5 × one docker pull of the small image`,
        value: round(check50 / (5 * pull50), 3),
        unit: '×',
        target: UPDATES_RATIO_TARGET,
        comparison: { app: round(check50, 1), reference: round(5 * pull50, 1), referenceName: '5 × docker pull', unit: 'ms' },
        samples: { checkMs, pullMs },
        notes: [`medians of ${rounds} round${rounds === 1 ? '' : 's'}; each round with a new registry client (cold tokens and sessions)`],
      },
    ];
  } finally {
    for (const reference of references) await cli.run(['image', 'rm', reference]).catch(() => undefined);
  }
}
