import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveComposeSource } from '../../../main/core/stacks/sources';
import { StackStore } from '../../../main/core/stacks/store';
import { checkProjectName, isValidProjectName, normalizeProjectName } from '../../../main/core/stacks/project-name';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'stevedore-stacks-'));
const YAML = 'services:\n  web:\n    image: busybox\n';

describe('app stacks', () => {
  it('are kept as stacks/<name>/compose.yaml with an optional .env only the owner can read', async () => {
    const dir = dataDir();
    const store = new StackStore(dir);
    await store.createAppStack('shop', { yaml: YAML, env: 'TAG=1\n' });
    await store.createAppStack('blog', { yaml: YAML });
    expect(readFileSync(path.join(dir, 'stacks', 'shop', 'compose.yaml'), 'utf8')).toBe(YAML);
    expect(statSync(path.join(dir, 'stacks', 'shop', '.env')).mode & 0o777).toBe(0o600);
    expect(await store.listAppStacks()).toEqual(['blog', 'shop']);
    expect(await store.readAppStack('shop')).toEqual({ yaml: YAML, env: 'TAG=1\n' });
    expect(await store.readAppStack('blog')).toEqual({ yaml: YAML });
    // No temporary files are left behind by the atomic writes.
    expect(readdirSync(path.join(dir, 'stacks', 'shop')).sort()).toEqual(['.env', 'compose.yaml']);
  });

  it('saves (absent env keeps the .env, empty removes it) and deletes', async () => {
    const store = new StackStore(dataDir());
    await store.createAppStack('shop', { yaml: YAML, env: 'A=1\n' });
    await store.saveAppStack('shop', { yaml: `${YAML}# edited\n` });
    expect(await store.readAppStack('shop')).toEqual({ yaml: `${YAML}# edited\n`, env: 'A=1\n' });
    await store.saveAppStack('shop', { yaml: YAML, env: '' });
    expect(await store.readAppStack('shop')).toEqual({ yaml: YAML });
    await store.deleteAppStack('shop');
    expect(await store.listAppStacks()).toEqual([]);
    await expect(store.readAppStack('shop')).rejects.toMatchObject({ code: 'STACK_NOT_FOUND' });
    await expect(store.saveAppStack('shop', { yaml: YAML })).rejects.toMatchObject({ code: 'STACK_NOT_FOUND' });
  });

  it('refuses an existing name and names that are not project names (no path tricks)', async () => {
    const dir = dataDir();
    const store = new StackStore(dir);
    await store.createAppStack('shop', { yaml: YAML });
    await expect(store.createAppStack('shop', { yaml: 'changed' })).rejects.toMatchObject({ code: 'STACK_EXISTS' });
    expect(await store.readAppStack('shop')).toEqual({ yaml: YAML });
    for (const name of ['../escape', '..', 'a/b', '/etc', 'Shop', '', '-x', 'a'.repeat(64), 'with space', 'nul\0']) {
      await expect(store.createAppStack(name, { yaml: YAML }), name).rejects.toMatchObject({ code: 'STACK_NAME_INVALID' });
    }
    expect(existsSync(path.join(dir, 'escape'))).toBe(false);
  });

  it('refuses a compose file over the size limit', async () => {
    const store = new StackStore(dataDir());
    await expect(store.createAppStack('big', { yaml: 'x'.repeat(1024 * 1024 + 1) })).rejects.toMatchObject({ code: 'COMPOSE_TOO_LARGE' });
  });
});

describe('opened files', () => {
  it('are remembered in stacks.json, once per file, with their options', async () => {
    const dir = dataDir();
    const store = new StackStore(dir);
    const first = await store.addFileStack('/srv/shop/compose.yaml');
    const again = await store.addFileStack('/srv/shop/compose.yaml');
    expect(again.id).toBe(first.id);
    await store.updateFileStack(first.id, { projectName: 'shop-prod', envFile: '/srv/shop/prod.env' });
    const reopened = new StackStore(dir);
    expect(await reopened.fileStacks()).toEqual([expect.objectContaining({ id: first.id, file: '/srv/shop/compose.yaml', projectName: 'shop-prod', envFile: '/srv/shop/prod.env' })]);
    await reopened.updateFileStack(first.id, { projectName: undefined });
    expect((await reopened.fileStacks())[0]?.projectName).toBeUndefined();
    expect(await reopened.removeFileStack(first.id)).toBe(true);
    expect(await new StackStore(dir).fileStacks()).toEqual([]);
  });

  it('keeps every one of many overlapping additions', async () => {
    const store = new StackStore(dataDir());
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.addFileStack(`/srv/p${index}/compose.yaml`)));
    expect(await store.fileStacks()).toHaveLength(20);
  });

  it('moves an unreadable stacks.json aside, keeps it, and says so', async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'stacks.json'), '{ not json');
    const store = new StackStore(dir);
    expect(await store.fileStacks()).toEqual([]);
    expect(store.notices).toEqual([expect.objectContaining({ id: 'stacks-index-unreadable', message: expect.stringMatching(/moved to/) })]);
    const aside = readdirSync(dir).find((name) => name.startsWith('stacks.json.unreadable-'));
    expect(aside && readFileSync(path.join(dir, aside), 'utf8')).toBe('{ not json');
  });
});

describe('resolveComposeSource', () => {
  it('finds the compose file in a folder in compose’s order', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-source-'));
    writeFileSync(path.join(dir, 'docker-compose.yaml'), YAML);
    expect(await resolveComposeSource(dir)).toBe(path.join(dir, 'docker-compose.yaml'));
    writeFileSync(path.join(dir, 'docker-compose.yml'), YAML);
    expect(await resolveComposeSource(dir)).toBe(path.join(dir, 'docker-compose.yml'));
    writeFileSync(path.join(dir, 'compose.yml'), YAML);
    expect(await resolveComposeSource(dir)).toBe(path.join(dir, 'compose.yml'));
    writeFileSync(path.join(dir, 'compose.yaml'), YAML);
    expect(await resolveComposeSource(dir)).toBe(path.join(dir, 'compose.yaml'));
    writeFileSync(path.join(dir, 'prod.yml'), YAML);
    expect(await resolveComposeSource(path.join(dir, 'prod.yml'))).toBe(path.join(dir, 'prod.yml'));
  });

  it('says what it looked for in a folder without one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-source-'));
    mkdirSync(path.join(dir, 'compose.yaml'));
    await expect(resolveComposeSource(dir)).rejects.toMatchObject({ code: 'STACK_SOURCE_INVALID', message: expect.stringMatching(/compose\.yaml, compose\.yml, docker-compose\.yml, docker-compose\.yaml/) });
    await expect(resolveComposeSource('relative/compose.yaml')).rejects.toMatchObject({ code: 'STACK_SOURCE_INVALID' });
    await expect(resolveComposeSource(path.join(dir, 'gone'))).rejects.toMatchObject({ code: 'STACK_SOURCE_INVALID' });
  });
});

describe('project names', () => {
  it.each([
    ['My Project', 'myproject'],
    ['__web-App_', 'web-app_'],
    ['shop.v2', 'shopv2'],
    ['日本', ''],
    ['a'.repeat(80), 'a'.repeat(63)],
  ])('normalises the folder %j to %j', (folder, name) => {
    expect(normalizeProjectName(folder)).toBe(name);
  });

  it('accepts only [a-z0-9][a-z0-9_-]* and says where a bad name came from', () => {
    expect(isValidProjectName('shop_2-b')).toBe(true);
    for (const bad of ['', '_x', '-x', 'Shop', 'a b', 'a.b', 'a'.repeat(64)]) expect(isValidProjectName(bad), bad).toBe(false);
    expect(() => checkProjectName('My Shop', 'The project name you set')).toThrow(/The project name you set "My Shop" is not a valid project name.*"myshop"/);
  });
});

describe('the engine a stack was deployed to', () => {
  it('is kept with the stack (choice id and URL only) and read back by a new store', async () => {
    const dir = dataDir();
    const store = new StackStore(dir);
    await store.createAppStack('shop', { yaml: YAML });
    expect(await store.deployedEngine('app:shop')).toBeUndefined();
    await store.setDeployedEngine('app:shop', { choice: 'context:staging', url: 'ssh://deploy@staging:22' });
    const again = new StackStore(dir);
    expect(await again.deployedEngine('app:shop')).toEqual({ choice: 'context:staging', url: 'ssh://deploy@staging:22' });
    const written = JSON.parse(readFileSync(path.join(dir, 'stacks.json'), 'utf8')) as { engines: Record<string, unknown> };
    expect(written.engines).toEqual({ 'app:shop': { choice: 'context:staging', url: 'ssh://deploy@staging:22' } });
    await again.deleteAppStack('shop');
    expect(await new StackStore(dir).deployedEngine('app:shop')).toBeUndefined();
  });

  it('is written only when it changes: a deploy to the engine the stack was deployed to writes nothing', async () => {
    const dir = dataDir();
    const store = new StackStore(dir);
    await store.createAppStack('shop', { yaml: YAML });
    const file = path.join(dir, 'stacks.json');
    await store.setDeployedEngine('app:shop', { choice: 'automatic', url: 'unix:///var/run/docker.sock' });
    // Each write renames a new file over the old one: the same inode means nothing was written.
    const written = statSync(file).ino;
    await store.setDeployedEngine('app:shop', { choice: 'automatic', url: 'unix:///var/run/docker.sock' });
    expect(statSync(file).ino).toBe(written);
    await store.setDeployedEngine('app:shop', { choice: 'context:staging', url: 'ssh://deploy@staging:22' });
    expect(statSync(file).ino).not.toBe(written);
    expect(await new StackStore(dir).deployedEngine('app:shop')).toEqual({ choice: 'context:staging', url: 'ssh://deploy@staging:22' });
  });

  it('is optional: a stacks.json written before stacks remembered their engine still reads, with nothing moved aside', async () => {
    const dir = dataDir();
    const old = { version: 1, files: [{ id: 'f1', file: '/srv/shop/compose.yaml', addedAt: '2026-01-01T00:00:00.000Z' }], app: {} };
    writeFileSync(path.join(dir, 'stacks.json'), JSON.stringify(old));
    const store = new StackStore(dir);
    expect(await store.fileStacks()).toEqual(old.files);
    expect(await store.deployedEngine('file:f1')).toBeUndefined();
    expect(store.notices).toEqual([]);
    await store.setDeployedEngine('file:f1', { choice: 'automatic', url: 'unix:///var/run/docker.sock' });
    expect(await new StackStore(dir).fileStacks()).toEqual(old.files);
    expect(await new StackStore(dir).deployedEngine('file:f1')).toEqual({ choice: 'automatic', url: 'unix:///var/run/docker.sock' });
  });
});
