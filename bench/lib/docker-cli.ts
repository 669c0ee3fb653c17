/**
 * The reference side of the comparisons: the bench's docker CLI and its Compose v2 plugin, signed in to the plain
 * registry, talking to the bench's engine.
 *
 * The sign-in goes to a private copy of the bench's Docker config folder (its `cli-plugins` linked, so `docker
 * compose` is the bench's Compose), never to the shared folder: other suites rely on that one holding no
 * credentials, and never to the user's ~/.docker.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bench } from '../../tests/env/bench';
import { elapsedMs } from './stats';

export interface DockerCli {
  /** Runs `docker <args>` to its end; resolves with the wall time in ms, rejects on a non-zero exit. */
  timed(args: readonly string[]): Promise<number>;
  run(args: readonly string[], stdin?: string): Promise<string>;
  close(): void;
}

export async function signedInDockerCli(bench: Bench): Promise<DockerCli> {
  const configDir = mkdtempSync(path.join(tmpdir(), 'stevedore-bench-docker-config-'));
  symlinkSync(path.join(bench.dockerConfigDir, 'cli-plugins'), path.join(configDir, 'cli-plugins'));
  writeFileSync(path.join(configDir, 'config.json'), '{"auths":{}}\n', { mode: 0o600 });
  const env = { ...process.env, DOCKER_HOST: bench.dockerHost, DOCKER_CONFIG: configDir };

  const run = (args: readonly string[], stdin?: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = spawn(bench.dockerCli, [...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(stdout);
        else reject(new Error(`docker ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
      });
      child.stdin.end(stdin ?? '');
    });

  const { plain } = bench.registries;
  await run(['login', '--username', plain.username, '--password-stdin', plain.address], plain.password);
  return {
    run,
    async timed(args) {
      const start = process.hrtime.bigint();
      await run(args);
      return elapsedMs(start);
    },
    close() {
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
