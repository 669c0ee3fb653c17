import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeArguments, composeProcessEnv, findCompose, parseComposeVersion, type ComposeCommand } from '../../../main/core/stacks/compose';
import { runProcess } from '../../../main/core/process/run';
import { lineSplitter, runLines } from '../../../main/core/process/run-lines';

/** A folder standing in for PATH, with tiny scripts that answer `version` like the real programs do. */
function fakePath(programs: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-fake-bin-'));
  for (const [name, script] of Object.entries(programs)) {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

const V1 = 'echo "docker-compose version 1.29.2, build unknown"; echo "docker-py version: 5.0.3"';
const V2 = 'echo "Docker Compose version v2.27.0"';
const NO_PLUGIN = `echo "docker: 'compose' is not a docker command." >&2; exit 1`;

describe('parseComposeVersion', () => {
  it.each([
    ['Docker Compose version v2.26.1', '2.26.1', 2],
    ['Docker Compose version 2.26.1-4', '2.26.1', 2],
    ['docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.3', '1.29.2', 1],
    ['v2.30.3', '2.30.3', 2],
  ])('reads %j', (output, text, major) => {
    expect(parseComposeVersion(output)).toMatchObject({ text, major });
  });

  it('returns undefined for output without a version', () => {
    expect(parseComposeVersion('Usage: docker [OPTIONS] COMMAND')).toBeUndefined();
  });
});

describe('findCompose', () => {
  it('prefers the docker CLI plugin', async () => {
    const bin = fakePath({ docker: `[ "$1 $2" = "compose version" ] && ${V2}`, 'docker-compose': V1 });
    await expect(findCompose({ env: { PATH: bin } })).resolves.toEqual({ program: path.join(bin, 'docker'), prefix: ['compose'], kind: 'plugin', version: '2.27.0', description: 'docker compose (CLI plugin)' });
  });

  it('runs the CLI plugin as its own program when the CLI names it and it answers the same version', async () => {
    // `docker compose …` starts the CLI, the plugin for its metadata, then the plugin: one program instead of three.
    const plugins = fakePath({ 'docker-compose': V2 });
    const plugin = path.join(plugins, 'docker-compose');
    const info = (named: string) => `[ "$1 $2 $3" = "info --format {{json .ClientInfo.Plugins}}" ] && echo '[{"Name":"buildx","Path":"/x"},{"Name":"compose","Path":"${named}"}]'`;
    const bin = fakePath({ docker: `[ "$1 $2" = "compose version" ] && ${V2} && exit 0\n${info(plugin)}` });
    await expect(findCompose({ env: { PATH: bin } })).resolves.toEqual({ program: plugin, prefix: [], kind: 'plugin', version: '2.27.0', description: 'docker compose (CLI plugin)' });
    await expect(findCompose({ setting: path.join(bin, 'docker'), env: { PATH: '' } })).resolves.toEqual({
      program: plugin,
      prefix: [],
      kind: 'plugin',
      version: '2.27.0',
      description: `${path.join(bin, 'docker')} compose`,
    });

    // A named program that is another compose, or none, leaves compose run through the CLI.
    const other = fakePath({ 'docker-compose': 'echo "Docker Compose version v2.20.0"' });
    for (const named of [path.join(other, 'docker-compose'), path.join(other, 'missing'), 'relative/docker-compose']) {
      const cli = fakePath({ docker: `[ "$1 $2" = "compose version" ] && ${V2} && exit 0\n${info(named)}` });
      await expect(findCompose({ env: { PATH: cli } })).resolves.toMatchObject({ program: path.join(cli, 'docker'), prefix: ['compose'] });
    }
  });

  it('falls back to a standalone docker-compose that is v2', async () => {
    const bin = fakePath({ docker: NO_PLUGIN, 'docker-compose': V2 });
    await expect(findCompose({ env: { PATH: bin } })).resolves.toMatchObject({ program: path.join(bin, 'docker-compose'), prefix: [], kind: 'standalone', version: '2.27.0', description: path.join(bin, 'docker-compose') });
  });

  it('refuses Compose v1 with a message that says what to install', async () => {
    const bin = fakePath({ docker: NO_PLUGIN, 'docker-compose': V1 });
    const found = findCompose({ env: { PATH: bin } });
    await expect(found).rejects.toMatchObject({ code: 'COMPOSE_V1' });
    await expect(found).rejects.toThrow(new RegExp(`Compose v1 \\(${path.join(bin, 'docker-compose')}, version 1\\.29\\.2\\) is not supported.*install Compose v2`, 'is'));
  });

  it('refuses a v1 program named in Settings too', async () => {
    const bin = fakePath({ 'old-compose': V1 });
    await expect(findCompose({ setting: path.join(bin, 'old-compose'), env: { PATH: '' } })).rejects.toMatchObject({ code: 'COMPOSE_V1' });
  });

  it('uses the program named in Settings, as a plugin when it is docker', async () => {
    const bin = fakePath({ docker: `[ "$1 $2" = "compose version" ] && ${V2}`, 'my-compose': V2 });
    await expect(findCompose({ setting: path.join(bin, 'my-compose'), env: { PATH: '' } })).resolves.toMatchObject({ program: path.join(bin, 'my-compose'), prefix: [] });
    await expect(findCompose({ setting: path.join(bin, 'docker'), env: { PATH: '' } })).resolves.toMatchObject({ program: path.join(bin, 'docker'), prefix: ['compose'] });
  });

  it('resolves compose to an absolute path once, from PATH only', async () => {
    const bin = fakePath({ docker: `[ "$1 $2" = "compose version" ] && ${V2}` });
    await expect(findCompose({ env: { PATH: bin } })).resolves.toMatchObject({ program: path.join(bin, 'docker'), prefix: ['compose'] });
    await expect(findCompose({ setting: 'bin/docker', env: { PATH: bin } })).rejects.toMatchObject({ code: 'COMPOSE_NOT_FOUND', message: expect.stringMatching(/relative path/) });
  });

  it('says where it looked when there is no compose at all', async () => {
    const bin = fakePath({});
    await expect(findCompose({ env: { PATH: bin } })).rejects.toMatchObject({
      code: 'COMPOSE_NOT_FOUND',
      message: expect.stringMatching(/"docker compose" \(not found\), "docker-compose" \(not found\).*Install Compose v2/s),
    });
    await expect(findCompose({ setting: path.join(bin, 'missing'), env: { PATH: bin } })).rejects.toMatchObject({
      code: 'COMPOSE_NOT_FOUND',
      message: expect.stringMatching(/set in Settings.*Check the path in Settings/),
    });
  });
});

describe('compose invocation', () => {
  const command: ComposeCommand = { program: 'docker', prefix: ['compose'], kind: 'plugin', version: '2.26.1', description: 'docker compose (CLI plugin)' };

  it('always names the project, the file and the env file, as separate arguments', () => {
    expect(composeArguments(command, { project: 'shop', files: ['/srv/shop dir/compose.yaml'], envFile: '/srv/shop dir/.env' }, ['up', '-d', '--remove-orphans', '--pull', 'never'])).toEqual([
      'compose', '--ansi', 'never', '-p', 'shop', '-f', '/srv/shop dir/compose.yaml', '--env-file', '/srv/shop dir/.env', 'up', '-d', '--remove-orphans', '--pull', 'never',
    ]);
  });

  it('points compose at the app’s engine and drops what would point it elsewhere, adding nothing secret', () => {
    const base = { PATH: '/usr/bin', HOME: '/home/me', DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'tcp://elsewhere:2375', COMPOSE_PROJECT_NAME: 'other', COMPOSE_FILE: 'x.yaml', DOCKER_TLS_VERIFY: '1' };
    const env = composeProcessEnv(base, { url: 'unix:///run/bench/docker.sock', source: 'setting', tls: false });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', DOCKER_HOST: 'unix:///run/bench/docker.sock' });
    const tls = composeProcessEnv({}, { url: 'tcp://host:2376', source: 'setting', tls: true, tlsMaterial: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true } });
    expect(tls).toEqual({ DOCKER_HOST: 'tcp://host:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
  });
});

describe('runLines', () => {
  const node = process.execPath;

  it('streams stdout and stderr line by line, without a shell', async () => {
    const lines: string[] = [];
    const result = await runLines({
      command: node,
      args: ['-e', 'process.stdout.write("one\\r\\ntwo\\npart"); process.stderr.write("err $HOME `x`\\n"); setTimeout(() => process.stdout.write("ial\\n"), 50)'],
      env: { HOME: '/should-not-expand' },
      timeoutMs: 20_000,
      onLine: (stream, line) => lines.push(`${stream}:${line}`),
    });
    expect(result).toEqual({ exitCode: 0, signal: null });
    expect(lines.filter((line) => line.startsWith('stdout:'))).toEqual(['stdout:one', 'stdout:two', 'stdout:partial']);
    expect(lines).toContain('stderr:err $HOME `x`');
  });

  it('stops a program that runs past its deadline', async () => {
    await expect(runLines({ command: node, args: ['-e', 'setTimeout(() => {}, 60000)'], env: {}, timeoutMs: 300, onLine: () => undefined })).rejects.toMatchObject({ code: 'PROCESS_TIMEOUT' });
  });

  it('never starts a program from its working folder (the project folder), even when PATH has an empty entry', async () => {
    // An empty PATH entry means "the current folder" to execvp, and Windows searches the current folder first.
    const project = fakePath({ docker: 'echo planted' });
    const lines: string[] = [];
    const run = (command: string, runner: 'lines' | 'process') =>
      runner === 'lines'
        ? runLines({ command, args: [], env: { PATH: `:/nonexistent` }, cwd: project, timeoutMs: 5000, onLine: (_stream, line) => lines.push(line) })
        : runProcess({ command, args: [], stdin: '', env: { PATH: `:/nonexistent` }, timeoutMs: 5000, maxOutputBytes: 1024 });
    await expect(run('docker', 'lines')).rejects.toMatchObject({ code: 'PROCESS_NOT_FOUND' });
    await expect(run('docker', 'process')).rejects.toMatchObject({ code: 'PROCESS_NOT_FOUND' });
    expect(lines).toEqual([]);
    // On PATH, the same name is started by its absolute path.
    const bin = fakePath({ docker: 'echo "from $0"' });
    await runLines({ command: 'docker', args: [], env: { PATH: bin }, cwd: project, timeoutMs: 5000, onLine: (_stream, line) => lines.push(line) });
    expect(lines).toEqual([`from ${path.join(bin, 'docker')}`]);
  });

  it('reports a program that does not exist', async () => {
    await expect(runLines({ command: '/nonexistent/compose', args: [], env: {}, timeoutMs: 5000, onLine: () => undefined })).rejects.toMatchObject({ code: 'PROCESS_NOT_FOUND' });
  });
});

describe('lineSplitter', () => {
  it('joins UTF-8 and CRLF split across chunks, and cuts endless lines', () => {
    const lines: string[] = [];
    const splitter = lineSplitter((line) => lines.push(line), 10);
    const bytes = Buffer.from('héllo\r\nwörld\n');
    splitter.push(bytes.subarray(0, 2));
    splitter.push(bytes.subarray(2, 7));
    splitter.push(bytes.subarray(7, 8));
    splitter.push(bytes.subarray(8));
    splitter.push(Buffer.from('x'.repeat(25)));
    splitter.flush();
    expect(lines[0]).toBe('héllo');
    expect(lines[1]).toBe('wörld');
    expect(lines.slice(2).every((line) => line.startsWith('x'.repeat(10)) && line.includes('cut'))).toBe(true);
    expect(lines).toHaveLength(3);
  });
});
