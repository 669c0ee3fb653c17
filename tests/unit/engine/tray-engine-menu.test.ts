import { describe, expect, it, vi } from 'vitest';
import { performTrayAction, type TrayActionContext } from '../../../main/core/tray/actions';
import { buildTrayMenu, type TrayState } from '../../../main/core/tray/menu';

const base: TrayState = { favourites: [], recents: [], pulls: [], stacks: [], engineConnected: true };

describe('the tray\'s Engine submenu', () => {
  it('lists main\'s engine choices with the one in use checked', () => {
    const menu = buildTrayMenu({
      ...base,
      engines: { selected: 'context:build', choices: [{ id: 'automatic', label: 'Automatic' }, { id: 'context:build', label: 'Docker context "build"' }] },
    });
    expect(menu.find((item) => item.label === 'Engine')?.submenu).toEqual([
      { label: 'Automatic', checked: false, action: { kind: 'engine-choose', id: 'automatic' } },
      { label: 'Docker context "build"', checked: true, action: { kind: 'engine-choose', id: 'context:build' } },
    ]);
    expect(buildTrayMenu(base).some((item) => item.label === 'Engine')).toBe(false);
  });

  it('a pick goes to main\'s engine.choose (its confirmation), and a refusal is told, not thrown', async () => {
    const context: TrayActionContext = { pulls: { start: vi.fn() }, showWindow: vi.fn(), quit: vi.fn(), chooseEngine: vi.fn(async () => ({ changed: true })) };
    expect(await performTrayAction({ kind: 'engine-choose', id: 'context:build' }, context)).toEqual({ kind: 'engine-chosen', changed: true });
    expect(context.chooseEngine).toHaveBeenCalledWith('context:build');
    context.chooseEngine = async () => {
      throw new Error('There is no engine choice "context:gone" any more');
    };
    expect(await performTrayAction({ kind: 'engine-choose', id: 'context:gone' }, context)).toMatchObject({ kind: 'refused', message: { title: 'Could not switch the engine' } });
  });
});
