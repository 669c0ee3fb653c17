/**
 * The Docker config read sizes its buffer by the size the open file reports and grows it only when the file grew
 * meanwhile (docker login rewriting it): the whole text is still read, and a file that grew past the limit is still
 * refused. The file's handle here reports the size the file had when opened, before the test grows it.
 */
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  return { ...actual, open: vi.fn(actual.open) };
});

const { MAX_DOCKER_CONFIG_BYTES, readDockerConfigFile } = await import('../../../main/core/docker-config/file');
const actualOpen = (await vi.importActual<typeof fsPromises>('node:fs/promises')).open;

/** The next open of `file` answers `stat` with its size then, and grows the file by `grow` right after. */
function growsOnceOpened(file: string, grow: () => void): void {
  vi.mocked(fsPromises.open).mockImplementationOnce(async (...args: Parameters<typeof actualOpen>) => {
    const handle = await actualOpen(...args);
    const statThen = await handle.stat();
    grow();
    return Object.assign(Object.create(Object.getPrototypeOf(handle) as object) as typeof handle, handle, { stat: async () => statThen });
  });
}

afterEach(() => {
  vi.mocked(fsPromises.open).mockReset();
  vi.mocked(fsPromises.open).mockImplementation(actualOpen);
});

describe('a Docker config file that grows while it is read', () => {
  const file = () => path.join(mkdtempSync(path.join(tmpdir(), 'stevedore-docker-config-')), 'config.json');

  it('is read whole, past the size it had when opened', async () => {
    const config = file();
    writeFileSync(config, '{"auths": {"ghcr.io": {"auth": "dTpw"}}');
    growsOnceOpened(config, () => appendFileSync(config, `, "credHelpers": {${Array.from({ length: 200 }, (_, index) => `"r${index}.example.com": "pass"`).join(', ')}}}`));
    const read = await readDockerConfigFile(config);
    expect([...read.auths.keys()]).toEqual(['ghcr.io']);
    expect(read.credHelpers.size).toBe(200);
  });

  it('is refused once it has grown past the limit, naming the limit', async () => {
    const config = file();
    writeFileSync(config, '{}');
    growsOnceOpened(config, () => appendFileSync(config, Buffer.alloc(MAX_DOCKER_CONFIG_BYTES, 0x20)));
    await expect(readDockerConfigFile(config)).rejects.toMatchObject({
      code: 'DOCKER_CONFIG_INVALID',
      message: expect.stringContaining(`at most ${MAX_DOCKER_CONFIG_BYTES / 1024 / 1024} MiB`),
    });
  });
});
