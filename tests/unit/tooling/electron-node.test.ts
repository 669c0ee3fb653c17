/** Finding the Node that Electron embeds (tests/env/electron-node.ts), which the test command runs the suites on. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronNodeMajor, newestOfMajor, resolveTestNode } from '../../env/electron-node';

const projectDir = path.resolve(import.meta.dirname, '../../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(projectDir, file), 'utf8'));

describe('the project and the pinned Electron', () => {
  it('type-checks main against the Node API of the Node that Electron embeds (@types/node of the same major)', () => {
    const { nodeMajor, electronVersion } = electronNodeMajor(readJson('node_modules/electron/package.json'));
    const pinned = (readJson('package.json') as { devDependencies: Record<string, string> }).devDependencies['@types/node'];
    expect(Number(/^\D*(\d+)/.exec(pinned ?? '')?.[1]), `electron ${electronVersion} embeds Node ${nodeMajor}; @types/node is ${pinned}`).toBe(nodeMajor);
  });
});

describe('electronNodeMajor', () => {
  it.each([
    ['^24.9.0', 24],
    ['~22.7.7', 22],
    ['^20.9', 20],
    ['26', 26],
    ['^26.x', 26],
  ])('reads Node %s from the @types/node range %s', (range, major) => {
    expect(electronNodeMajor({ version: '45.4.1', dependencies: { '@types/node': range } })).toEqual({
      electronVersion: '45.4.1',
      nodeMajor: major,
      typesNodeRange: range,
    });
  });

  it('refuses an electron package without @types/node, and says what to do', () => {
    expect(() => electronNodeMajor({ version: '99.0.0', dependencies: {} })).toThrow(/electron 99\.0\.0 declares no @types\/node.*STEVEDORE_TEST_NODE/);
    expect(() => electronNodeMajor(undefined)).toThrow(/declares no @types\/node/);
  });

  it.each(['*', '>=20 <23', 'latest', '^24.9.0 || ^26.0.0', ''])('refuses the range "%s", which is not one major', (range) => {
    expect(() => electronNodeMajor({ version: '45.4.1', dependencies: { '@types/node': range } })).toThrow(/not one major version.*STEVEDORE_TEST_NODE/);
  });
});

describe('newestOfMajor', () => {
  it('picks the newest release of the major, comparing numbers rather than text, and skips pre-releases', () => {
    const versions = ['24.9.0', '24.10.0', '24.22.3', '24.22.10-rc.1', '24.3.99', '25.0.0', '4.22.9', '124.0.0'];
    expect(newestOfMajor(versions, 24)).toBe('24.22.3');
    expect(newestOfMajor(versions, 25)).toBe('25.0.0');
  });

  it('finds nothing for a major with no release', () => {
    expect(newestOfMajor(['24.1.0', '26.0.0-rc.1'], 26)).toBeUndefined();
  });
});

describe('resolveTestNode with STEVEDORE_TEST_NODE', () => {
  const made: string[] = [];
  const saved = process.env.STEVEDORE_TEST_NODE;
  afterEach(() => {
    if (saved === undefined) delete process.env.STEVEDORE_TEST_NODE;
    else process.env.STEVEDORE_TEST_NODE = saved;
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A project whose electron embeds Node `major`, and a stand-in `node` binary that reports `version`. */
  function project(major: number, version: string): { dir: string; node: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-electron-node-'));
    made.push(dir);
    mkdirSync(path.join(dir, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(
      path.join(dir, 'node_modules', 'electron', 'package.json'),
      JSON.stringify({ version: '45.4.1', dependencies: { '@types/node': `^${major}.9.0` } }),
    );
    const node = path.join(dir, 'node');
    writeFileSync(node, `#!/bin/sh\necho ${version}\n`);
    chmodSync(node, 0o755);
    return { dir, node };
  }

  it.runIf(process.platform !== 'win32')('uses the binary it names when that is Electron\'s major', () => {
    const { dir, node } = project(24, 'v24.1.2');
    process.env.STEVEDORE_TEST_NODE = node;
    expect(resolveTestNode(dir)).toBe(node);
  });

  it.runIf(process.platform !== 'win32')('refuses a binary of another major, naming both', () => {
    const { dir, node } = project(24, 'v22.12.0');
    process.env.STEVEDORE_TEST_NODE = node;
    expect(() => resolveTestNode(dir)).toThrow(/is Node v22\.12\.0, not Node 24: point it at a Node 24 binary/);
  });
});
