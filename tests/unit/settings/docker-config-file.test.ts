/** Issue 10 item 5: the Docker config is read only from a regular file, and never more than a config can be. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DOCKER_CONFIG_BYTES, readDockerConfigFile } from '../../../main/core/docker-config/file';

const folder = () => mkdtempSync(path.join(tmpdir(), 'stevedore-docker-config-'));

describe('reading the Docker config file', () => {
  it.runIf(process.platform !== 'win32')('refuses a device such as /dev/zero without reading it', async () => {
    await expect(readDockerConfigFile('/dev/zero')).rejects.toMatchObject({
      code: 'DOCKER_CONFIG_UNREADABLE',
      message: expect.stringMatching(/\/dev\/zero is not a regular file \(it is a device\)/),
    });
  });

  it.runIf(process.platform !== 'win32')('refuses a named pipe at once instead of waiting for a writer', async () => {
    const fifo = path.join(folder(), 'config.json');
    execFileSync('mkfifo', [fifo]);
    await expect(readDockerConfigFile(fifo)).rejects.toMatchObject({
      code: 'DOCKER_CONFIG_UNREADABLE',
      message: expect.stringContaining(`${fifo} is not a regular file (it is a named pipe)`),
    });
  });

  it('refuses a folder, naming it and saying what to choose instead', async () => {
    const dir = folder();
    await expect(readDockerConfigFile(dir)).rejects.toMatchObject({
      code: 'DOCKER_CONFIG_UNREADABLE',
      message: expect.stringContaining(`${dir} is not a regular file (it is a folder)`),
    });
  });

  it('refuses a regular file larger than any Docker config, naming its size and the limit', async () => {
    const file = path.join(folder(), 'config.json');
    writeFileSync(file, '{}');
    truncateSync(file, 5 * 1024 * 1024);
    await expect(readDockerConfigFile(file)).rejects.toMatchObject({
      code: 'DOCKER_CONFIG_INVALID',
      message: expect.stringMatching(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is 5\\.0 MiB.*at most ${MAX_DOCKER_CONFIG_BYTES / 1024 / 1024} MiB`)),
    });
  });

  it('still reads an ordinary config file', async () => {
    const file = path.join(folder(), 'config.json');
    writeFileSync(file, JSON.stringify({ auths: { 'ghcr.io': { auth: 'dTpw' } } }));
    const config = await readDockerConfigFile(file);
    expect([...config.auths.keys()]).toEqual(['ghcr.io']);
  });
});
