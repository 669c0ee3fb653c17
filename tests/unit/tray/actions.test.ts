import { describe, expect, it } from 'vitest';
import { StevedoreError } from '../../../main/core/errors';
import { performTrayAction, type TrayActionContext } from '../../../main/core/tray/actions';
import { buildTrayMenu, type TrayAction } from '../../../main/core/tray/menu';
import { PullsDouble, StacksDouble } from './doubles';

function context(options: { clipboard?: string; withStacks?: boolean; pulls?: TrayActionContext['pulls'] } = {}) {
  const pulls = new PullsDouble();
  const stacks = new StacksDouble();
  const shown: Array<string | undefined> = [];
  let quits = 0;
  const value: TrayActionContext = {
    pulls: options.pulls ?? pulls,
    readClipboardText: async () => options.clipboard ?? '',
    showWindow: (route) => shown.push(route),
    quit: () => {
      quits += 1;
    },
  };
  if (options.withStacks !== false) value.stacks = stacks;
  return { value, pulls, stacks, shown, quits: () => quits };
}

describe('performTrayAction', () => {
  it('starts a quick pull through the pull service, with the platform of a recent pull', async () => {
    const { value, pulls } = context();
    expect(await performTrayAction({ kind: 'pull', image: 'nginx:latest' }, value)).toMatchObject({ kind: 'pull-started', pull: { id: 'pull-1' } });
    await performTrayAction({ kind: 'pull', image: 'ghcr.io/acme/api:2.1', platform: 'linux/arm64' }, value);
    expect(pulls.started).toEqual([{ image: 'nginx:latest' }, { image: 'ghcr.io/acme/api:2.1', platform: 'linux/arm64' }]);
  });

  it('performs the actions the menu model hands out', async () => {
    const { value, pulls } = context();
    const menu = buildTrayMenu({ favourites: ['redis:7'], recents: [], pulls: [], stacks: [], engineConnected: true });
    const favourite = menu.find((item) => item.label === 'Quick pull')?.submenu?.find((item) => item.label === 'redis:7');
    await performTrayAction(favourite?.action as TrayAction, value);
    expect(pulls.started).toEqual([{ image: 'redis:7' }]);
  });

  it("passes on the pull service's refusal in words a person can act on", async () => {
    const refusing = {
      start: () => {
        throw new StevedoreError('PLATFORM_INVALID', "'linux' is not a platform; use os/arch.");
      },
    };
    const { value } = context({ pulls: refusing });
    expect(await performTrayAction({ kind: 'pull', image: 'nginx', platform: 'linux' }, value)).toEqual({
      kind: 'refused',
      message: { title: 'Could not start the pull', body: "'linux' is not a platform; use os/arch." },
    });
  });

  describe('pull from the clipboard', () => {
    it('pulls the image still on the clipboard, however it is spelt now', async () => {
      const { value, pulls } = context({ clipboard: 'docker.io/library/nginx:1.25\n' });
      expect(await performTrayAction({ kind: 'pull-clipboard', image: 'nginx:1.25' }, value)).toMatchObject({ kind: 'pull-started' });
      expect(pulls.started).toEqual([{ image: 'nginx:1.25' }]);
    });

    it('pulls nothing when the clipboard no longer holds an image', async () => {
      const { value, pulls } = context({ clipboard: 'rm -rf /' });
      expect(await performTrayAction({ kind: 'pull-clipboard', image: 'nginx:1.25' }, value)).toMatchObject({
        kind: 'refused',
        message: { title: 'Nothing to pull from the clipboard' },
      });
      expect(pulls.started).toEqual([]);
    });

    it('pulls nothing when the clipboard now names another image than the menu showed', async () => {
      const { value, pulls } = context({ clipboard: 'evil.example/miner:latest' });
      const outcome = await performTrayAction({ kind: 'pull-clipboard', image: 'nginx:1.25' }, value);
      expect(outcome).toEqual({
        kind: 'refused',
        message: { title: 'The clipboard has changed', body: 'It now holds evil.example/miner:latest, not nginx:1.25. Open the menu again to pull it.' },
      });
      expect(pulls.started).toEqual([]);
    });

    it('pulls nothing when the clipboard cannot be read', async () => {
      const { value, pulls } = context();
      value.readClipboardText = () => Promise.reject(new Error('clipboard busy'));
      expect((await performTrayAction({ kind: 'pull-clipboard', image: 'nginx:1.25' }, value)).kind).toBe('refused');
      expect(pulls.started).toEqual([]);
    });
  });

  it('opens the window on a running pull', async () => {
    const { value, shown } = context();
    expect(await performTrayAction({ kind: 'show-pull', pullId: 'a b/c' }, value)).toEqual({ kind: 'window-shown', route: '#/pull/a%20b%2Fc' });
    await performTrayAction({ kind: 'open' }, value);
    expect(shown).toEqual(['#/pull/a%20b%2Fc', undefined]);
  });

  it('redeploys and stops stacks', async () => {
    const { value, stacks } = context();
    expect(await performTrayAction({ kind: 'stack-redeploy', stackId: 'app:web' }, value)).toMatchObject({ kind: 'deploy-started', deploy: { stackId: 'app:web' } });
    expect(await performTrayAction({ kind: 'stack-stop', stackId: 'app:web' }, value)).toEqual({ kind: 'stack-stopped', stackId: 'app:web' });
    expect(stacks.calls).toEqual(['deploy app:web (redeploy)', 'stop app:web']);
  });

  it("says why a stack action could not be done, without repeating an unexpected error's text", async () => {
    const { value, stacks } = context();
    stacks.failWith = new StevedoreError('STACK_BUSY', 'The stack is being deployed; wait for the deploy to finish.');
    expect(await performTrayAction({ kind: 'stack-stop', stackId: 'app:web' }, value)).toEqual({
      kind: 'refused',
      message: { title: 'Could not stop the stack', body: 'The stack is being deployed; wait for the deploy to finish.' },
    });
    stacks.failWith = new Error('compose said: PASSWORD=hunter2');
    const outcome = await performTrayAction({ kind: 'stack-redeploy', stackId: 'app:web' }, value);
    expect(outcome).toMatchObject({ kind: 'refused', message: { title: 'Could not redeploy the stack' } });
    expect(JSON.stringify(outcome)).not.toContain('hunter2');
  });

  it('refuses stack actions where the host has no stacks', async () => {
    const { value } = context({ withStacks: false });
    expect((await performTrayAction({ kind: 'stack-stop', stackId: 'app:web' }, value)).kind).toBe('refused');
  });

  it('quits', async () => {
    const { value, quits } = context();
    expect(await performTrayAction({ kind: 'quit' }, value)).toEqual({ kind: 'quitting' });
    expect(quits()).toBe(1);
  });
});
