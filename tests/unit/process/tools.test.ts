import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessRequest, ProcessRunner } from '../../../main/core/docker-config';
import { discoverTools } from '../../../main/core/process/tools';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stevedore-tools-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(config: unknown): string {
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Executable files in a folder of the temp dir, which is then a PATH entry; returns the folder. */
function programs(folder: string, names: string[]): string {
  const bin = path.join(dir, folder);
  mkdirSync(bin, { recursive: true });
  for (const name of names) writeFileSync(path.join(bin, name), '#!/bin/sh\n', { mode: 0o755 });
  return bin;
}

/** A runner that answers `docker compose version` only for the given program (by name or path). */
function composeAnswering(program: string, output: string): ProcessRunner & { requests: ProcessRequest[] } {
  const requests: ProcessRequest[] = [];
  const run = async (request: ProcessRequest) => {
    requests.push(request);
    const named = request.command === program || (!program.includes('/') && path.basename(request.command) === program);
    if (named && request.args.at(-1) === 'version') return { exitCode: 0, signal: null, stdout: output, stderr: '' };
    return { exitCode: 1, signal: null, stdout: '', stderr: `${request.command}: not found` };
  };
  return Object.assign(run, { requests });
}

describe('discoverTools', () => {
  it('reports the CLI plugin as the plugin when Stevedore runs its program directly', async () => {
    // findCompose runs the plugin's own program when the CLI names it (main/core/stacks/compose.ts): still the CLI
    // plugin, at the plugin's path, not a standalone docker-compose.
    const plugins = path.join(dir, 'cli-plugins');
    mkdirSync(plugins);
    const plugin = path.join(plugins, 'docker-compose');
    writeFileSync(plugin, '#!/bin/sh\n', { mode: 0o755 });
    const local = programs('usr-local-bin', ['docker']);
    const run: ProcessRunner = async (request) => {
      const answer = (stdout: string) => ({ exitCode: 0, signal: null, stdout, stderr: '' });
      if (path.basename(request.command) === 'docker' && request.args.join(' ') === 'compose version') return answer('Docker Compose version v2.29.1');
      if (path.basename(request.command) === 'docker' && request.args[0] === 'info') return answer(JSON.stringify([{ Name: 'compose', Path: plugin }]));
      if (request.command === plugin && request.args.join(' ') === 'version') return answer('Docker Compose version v2.29.1');
      return { exitCode: 1, signal: null, stdout: '', stderr: `${request.command}: not found` };
    };
    const report = await discoverTools({ platform: 'linux', env: { PATH: local }, dockerConfigPath: writeConfig({}), run });
    expect(report.compose).toMatchObject({ found: true, kind: 'plugin', version: '2.29.1', path: plugin, description: 'docker compose (CLI plugin)' });
  });

  it('reports the docker CLI, the Compose plugin and where each credential helper the config names was found', async () => {
    const local = programs('usr-local-bin', ['docker', 'docker-credential-desktop']);
    const brew = programs('opt-homebrew-bin', ['docker-credential-ecr-login']);
    const empty = programs('usr-bin', []);
    const report = await discoverTools({
      platform: 'darwin',
      env: { PATH: [empty, brew, local].join(':') },
      dockerConfigPath: writeConfig({ credsStore: 'desktop', credHelpers: { '1234.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login', 'ghcr.io': 'gcloud' } }),
      run: composeAnswering('docker', 'Docker Compose version v2.29.1'),
    });
    expect(report.docker.path).toBe(path.join(local, 'docker'));
    expect(report.compose).toMatchObject({ found: true, kind: 'plugin', version: '2.29.1', path: path.join(local, 'docker'), fromSetting: false });
    expect(report.searchPath).toEqual([empty, brew, local]);
    expect(report.credentialHelpers).toEqual([
      { name: 'desktop', program: 'docker-credential-desktop', usedFor: ['every registry without its own helper'], path: path.join(local, 'docker-credential-desktop') },
      { name: 'ecr-login', program: 'docker-credential-ecr-login', usedFor: ['1234.dkr.ecr.eu-west-1.amazonaws.com'], path: path.join(brew, 'docker-credential-ecr-login') },
      {
        name: 'gcloud',
        program: 'docker-credential-gcloud',
        usedFor: ['ghcr.io'],
        problem: expect.stringContaining('docker-credential-gcloud is not on PATH') as unknown as string,
      },
    ]);
  });

  it('says when Compose is missing, with the reason, and lists no helpers for a config without any', async () => {
    const report = await discoverTools({
      platform: 'linux',
      env: { PATH: '/usr/bin' },
      dockerConfigPath: writeConfig({ auths: {} }),
      run: composeAnswering('nothing', ''),
      isExecutable: () => false,
    });
    expect(report.docker.path).toBeUndefined();
    expect(report.compose.found).toBe(false);
    expect(report.compose.problem).toMatch(/Docker Compose v2 was not found/);
    expect(report.credentialHelpers).toEqual([]);
  });

  it('reports a standalone docker-compose v2 and the Compose program named in Settings', async () => {
    const bin = programs('bin', ['docker-compose']);
    const standalone = await discoverTools({
      platform: 'linux',
      env: { PATH: bin },
      dockerConfigPath: writeConfig({}),
      run: composeAnswering('docker-compose', 'Docker Compose version 2.26.1'),
    });
    expect(standalone.compose).toMatchObject({ found: true, kind: 'standalone', version: '2.26.1', path: path.join(bin, 'docker-compose') });

    const fromSetting = await discoverTools({
      platform: 'linux',
      env: { PATH: bin },
      dockerConfigPath: writeConfig({}),
      composeSetting: '/opt/tools/docker-compose',
      run: composeAnswering('/opt/tools/docker-compose', 'Docker Compose version v2.30.0'),
    });
    expect(fromSetting.compose).toMatchObject({ found: true, kind: 'standalone', path: '/opt/tools/docker-compose', version: '2.30.0', fromSetting: true });
  });

  it('explains a broken Docker config instead of failing the whole report', async () => {
    const file = path.join(dir, 'config.json');
    writeFileSync(file, '{ "credsStore": ');
    const report = await discoverTools({ platform: 'linux', env: { PATH: '/usr/bin' }, dockerConfigPath: file, run: composeAnswering('docker', 'v2.1.0'), isExecutable: () => false });
    expect(report.dockerConfigFile).toBe(file);
    expect(report.dockerConfigProblem).toMatch(/is not valid/);
    expect(report.credentialHelpers).toEqual([]);
  });

  it('refuses a helper name that could leave the PATH lookup, saying which setting holds it', async () => {
    const report = await discoverTools({
      platform: 'linux',
      env: { PATH: '/usr/bin' },
      dockerConfigPath: writeConfig({ credHelpers: { 'example.com': '../../evil' } }),
      run: composeAnswering('docker', 'v2.1.0'),
      isExecutable: () => true,
    });
    expect(report.credentialHelpers).toHaveLength(1);
    expect(report.credentialHelpers[0]?.path).toBeUndefined();
    expect(report.credentialHelpers[0]?.problem).toMatch(/credHelpers .*is not a credential helper name/);
  });
});
