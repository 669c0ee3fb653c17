import { describe, expect, it } from 'vitest';
import { platformsForPreCheck, type DistributionInfo, type Platform } from '../../main/core/pull/platform';

const amd64: Platform = { os: 'linux', architecture: 'amd64' };
const arm64: Platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };

function remoteRecording(answer: () => Promise<Platform[]>) {
  const calls: number[] = [];
  const remote = () => {
    calls.push(1);
    return answer();
  };
  return { remote, calls };
}

describe('platform pre-check: registry client fallback', () => {
  it('uses the engine answer and never asks the registry when the engine names platforms', async () => {
    const engine = async (): Promise<DistributionInfo> => ({ Platforms: [{ os: 'linux', architecture: 'amd64' }] });
    const { remote, calls } = remoteRecording(async () => [arm64]);
    expect(await platformsForPreCheck(engine, remote)).toEqual([amd64]);
    expect(calls).toHaveLength(0);
  });

  it('asks the registry when the engine answers an index without platforms', async () => {
    const engine = async (): Promise<DistributionInfo> => ({ Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json' }, Platforms: [] });
    const { remote } = remoteRecording(async () => [amd64, arm64]);
    expect(await platformsForPreCheck(engine, remote)).toEqual([amd64, arm64]);
  });

  it('asks the registry when the engine distribution endpoint fails', async () => {
    const engine = async (): Promise<DistributionInfo> => {
      throw new Error('(HTTP code 500) server error - distribution endpoint not supported');
    };
    const { remote } = remoteRecording(async () => [arm64]);
    expect(await platformsForPreCheck(engine, remote)).toEqual([arm64]);
  });

  it('keeps the engine error when the registry cannot answer either', async () => {
    const engineError = new Error('(HTTP code 401) unauthorized');
    const engine = async (): Promise<DistributionInfo> => {
      throw engineError;
    };
    const { remote } = remoteRecording(async () => {
      throw new Error('registry said 401');
    });
    await expect(platformsForPreCheck(engine, remote)).rejects.toBe(engineError);
  });

  it('keeps today\'s behaviour (no platforms, no check) when the registry cannot answer after an empty engine answer', async () => {
    const engine = async (): Promise<DistributionInfo> => ({ Platforms: [] });
    const { remote } = remoteRecording(async () => {
      throw new Error('unreachable');
    });
    expect(await platformsForPreCheck(engine, remote)).toEqual([]);
  });

  it('does not fall back when the pull was cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    const engine = async (): Promise<DistributionInfo> => {
      throw new Error('aborted');
    };
    const { remote, calls } = remoteRecording(async () => [amd64]);
    await expect(platformsForPreCheck(engine, remote, abort.signal)).rejects.toThrow('aborted');
    expect(calls).toHaveLength(0);
  });

  it('without a registry client behaves as the engine alone', async () => {
    const engine = async (): Promise<DistributionInfo> => ({ Platforms: [] });
    expect(await platformsForPreCheck(engine, undefined)).toEqual([]);
  });
});
