import { describe, expect, it } from 'vitest';
import { buildTrayMenu, trayTitle, trayTooltip, type TrayMenuItem, type TrayPull, type TrayState } from '../../../main/core/tray/menu';

const base: TrayState = { favourites: [], recents: [], pulls: [], stacks: [], engineConnected: true };
const find = (menu: TrayMenuItem[], label: string): TrayMenuItem => {
  const item = menu.find((entry) => entry.label === label || entry.label.startsWith(label));
  if (!item) throw new Error(`no menu item "${label}" in ${menu.map((entry) => entry.label).join(', ')}`);
  return item;
};
const pull = (overrides: Partial<TrayPull>): TrayPull => ({ id: 'p', familiar: 'nginx:latest', state: 'pulling', percent: 50, bytesDone: 50, bytesTotal: 100, ...overrides });

describe('tray menu model', () => {
  it('has the fixed structure: Quick pull, clipboard, Stacks, Open, Quit', () => {
    const labels = buildTrayMenu(base).map((item) => (item.separator ? '---' : item.label));
    expect(labels).toEqual(['Quick pull', 'Pull image from clipboard', 'Stacks', '---', 'Open Stevedore', 'Quit Stevedore']);
    expect(find(buildTrayMenu(base), 'Quit').action).toEqual({ kind: 'quit' });
    expect(find(buildTrayMenu(base), 'Open').action).toEqual({ kind: 'open' });
  });

  it('says so when there is nothing to quick-pull', () => {
    expect(find(buildTrayMenu(base), 'Quick pull').submenu).toEqual([{ label: 'No favourites or recent pulls yet', enabled: false }]);
  });

  it('lists favourites first, then the last 10 distinct recent pulls', () => {
    const recents = Array.from({ length: 14 }, (_, index) => ({ image: `app${index % 12}` }));
    const menu = buildTrayMenu({ ...base, favourites: ['nginx', 'redis'], recents: [{ image: 'nginx' }, ...recents] });
    const submenu = find(menu, 'Quick pull').submenu ?? [];
    const pullable = submenu.filter((item) => item.action?.kind === 'pull').map((item) => item.label);
    expect(pullable).toEqual(['nginx', 'redis', ...Array.from({ length: 10 }, (_, index) => `app${index}`)]);
    expect(submenu[0]).toMatchObject({ label: 'Favourites', heading: true });
    expect(submenu.some((item) => item.label === 'Recent' && item.heading)).toBe(true);
  });

  it('keeps the platform of a recent pull and treats another platform as a distinct entry', () => {
    const menu = buildTrayMenu({ ...base, recents: [{ image: 'app', platform: 'linux/arm64' }, { image: 'app' }, { image: 'app', platform: 'linux/arm64' }] });
    const actions = (find(menu, 'Quick pull').submenu ?? []).flatMap((item) => (item.action ? [item.action] : []));
    expect(actions).toEqual([
      { kind: 'pull', image: 'app', platform: 'linux/arm64' },
      { kind: 'pull', image: 'app' },
    ]);
  });

  it('offers the clipboard image only when the clipboard holds a valid reference', () => {
    expect(find(buildTrayMenu(base), 'Pull image from clipboard')).toEqual({ label: 'Pull image from clipboard', enabled: false });
    const withImage = find(buildTrayMenu({ ...base, clipboardImage: 'ghcr.io/o/a:1' }), 'Pull ghcr.io/o/a:1 from clipboard');
    expect(withImage).toMatchObject({ enabled: true, action: { kind: 'pull-clipboard', image: 'ghcr.io/o/a:1' } });
  });

  it('shows running pulls with their percentage at the top, each opening its pull', () => {
    const menu = buildTrayMenu({
      ...base,
      pulls: [pull({ id: 'a', percent: 40.7, bytesDone: 407, bytesTotal: 1000 }), pull({ id: 'b', familiar: 'redis:7', state: 'queued', percent: 0, bytesTotal: 0, bytesDone: 0 }), pull({ id: 'c', state: 'done', percent: 100 })],
    });
    expect(menu[0]).toMatchObject({ label: '2 pulls · 40%', heading: true });
    expect(menu[1]).toEqual({ label: 'nginx:latest — 40%', action: { kind: 'show-pull', pullId: 'a' } });
    expect(menu[2]).toEqual({ label: 'redis:7 — queued', action: { kind: 'show-pull', pullId: 'b' } });
    expect(menu[3]?.separator).toBe(true);
  });

  it('lists editable stacks with redeploy and stop, and hides read-only ones', () => {
    const menu = buildTrayMenu({
      ...base,
      stacks: [
        { id: 's1', name: 'web', status: 'running', readOnly: false },
        { id: 's2', name: 'db', status: 'stopped', readOnly: false },
        { id: 's3', name: 'outside', status: 'running', readOnly: true },
      ],
    });
    const stacks = find(menu, 'Stacks').submenu ?? [];
    expect(stacks.map((item) => item.label)).toEqual(['web  ● running', 'db  ○ stopped']);
    expect(stacks[0]?.submenu).toEqual([
      { label: 'Redeploy', enabled: true, action: { kind: 'stack-redeploy', stackId: 's1' } },
      { label: 'Stop', enabled: true, action: { kind: 'stack-stop', stackId: 's1' } },
    ]);
    expect(stacks[1]?.submenu?.[1]).toMatchObject({ label: 'Stop', enabled: false });
    expect(find(buildTrayMenu(base), 'Stacks').submenu).toEqual([{ label: 'No stacks yet', enabled: false }]);
  });

  it('names a stack whose status is not known without a status', () => {
    const menu = buildTrayMenu({ ...base, stacks: [{ id: 's', name: 'web', status: 'unknown', readOnly: false }] });
    expect(find(menu, 'Stacks').submenu?.map((item) => item.label)).toEqual(['web']);
    // Never deployed: nothing to stop, but it can be deployed.
    expect(find(menu, 'Stacks').submenu?.[0]?.submenu?.map((item) => [item.label, item.enabled])).toEqual([
      ['Redeploy', true],
      ['Stop', false],
    ]);
  });

  it('disables everything that needs the engine while it is disconnected', () => {
    const menu = buildTrayMenu({ ...base, engineConnected: false, favourites: ['nginx'], clipboardImage: 'nginx', stacks: [{ id: 's', name: 'web', status: 'unknown', readOnly: false }] });
    expect((find(menu, 'Quick pull').submenu ?? []).find((item) => item.action)?.enabled).toBe(false);
    expect(find(menu, 'Pull nginx from clipboard').enabled).toBe(false);
    expect(find(menu, 'Stacks').submenu?.[0]?.submenu?.every((item) => item.enabled === false)).toBe(true);
    expect(find(menu, 'Engine disconnected').enabled).toBe(false);
  });
});

describe('tray title and tooltip', () => {
  it('weights the overall percentage by bytes', () => {
    expect(trayTitle([pull({ percent: 90, bytesDone: 900, bytesTotal: 1000 }), pull({ bytesDone: 0, bytesTotal: 9000, percent: 0 })])).toBe('2 pulls · 9%');
  });

  it("agrees with a single pull's own percentage, which counts extraction too", () => {
    // 60% of the bytes downloaded is 48% of the pull when downloading is 80% of the work.
    const single = pull({ percent: 48, bytesDone: 600, bytesTotal: 1000 });
    expect(trayTitle([single])).toBe('1 pull · 48%');
    expect(buildTrayMenu({ ...base, pulls: [single] })[1]?.label).toBe('nginx:latest — 48%');
  });

  it('averages percentages when sizes are not known yet, and is absent when nothing runs', () => {
    expect(trayTitle([pull({ bytesTotal: 0, bytesDone: 0, percent: 30 }), pull({ bytesTotal: 0, bytesDone: 0, percent: 10 })])).toBe('2 pulls · 20%');
    expect(trayTitle([pull({ state: 'done' }), pull({ state: 'failed' })])).toBeUndefined();
  });

  it('says what runs, or that the engine is gone', () => {
    expect(trayTooltip({ pulls: [pull({})], engineConnected: true })).toBe('Stevedore — 1 pull · 50%');
    expect(trayTooltip({ pulls: [], engineConnected: true })).toBe('Stevedore');
    expect(trayTooltip({ pulls: [], engineConnected: false })).toBe('Stevedore — engine disconnected');
  });
});
