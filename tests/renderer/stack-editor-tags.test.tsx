import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { StackDetail } from '../../preload/api';
import { ComposeEditorCard } from '../../renderer/stacks/ComposeCard';
import { json, startLocalRegistry, type LocalRegistry } from '../unit/registry-client/local-registry';
import { startWorld } from './harness';

const registries: LocalRegistry[] = [];
afterEach(async () => {
  for (const registry of registries.splice(0)) await registry.close();
});

async function tagRegistry(): Promise<string> {
  const registry = await startLocalRegistry((req, res) => {
    if (req.url?.startsWith('/v2/team/app/tags/list')) json(res, 200, { name: 'team/app', tags: ['1.0', '1.1', '2.0', 'latest'] });
    else json(res, 200, {});
  });
  registries.push(registry);
  return new URL(registry.url).host;
}

/** Each test its own stack: drafts are kept per stack for the whole renderer session. */
function detailWith(name: string, yaml: string): StackDetail {
  return {
    stack: { id: `app:${name}`, kind: 'app', name, project: name, readOnly: false, state: 'not-deployed', containers: { running: 0, total: 0 } },
    yaml,
    env: '',
    editable: true,
    services: ['web'],
    problems: [],
  };
}

describe('Stack editor: tag suggestions for an image: line', () => {
  it('lists the registry tags for the image on the caret line and inserts the chosen one with the keyboard', async () => {
    const world = startWorld();
    const host = await tagRegistry();
    render(<ComposeEditorCard detail={detailWith('tags-pick', 'services:\n  web:\n    image: ')} onSaved={() => undefined} />);
    const editor = screen.getByTestId('stack-editor') as HTMLTextAreaElement;
    const user = userEvent.setup();
    await user.click(editor);
    editor.setSelectionRange(editor.value.length, editor.value.length);
    await user.keyboard(`${host}/team/app:1`);

    const listbox = await screen.findByRole('listbox', {}, { timeout: 4000 });
    const options = await waitFor(() => {
      const found = screen.getAllByRole('option');
      expect(found.map((option) => option.textContent)).toEqual(['1.1', '1.0']);
      return found;
    });
    expect(world.calls).toContain('registry.tags');
    expect(editor.getAttribute('aria-activedescendant')).toBe(options[0]?.id);
    expect(listbox.id).toBe(editor.getAttribute('aria-controls'));

    await user.keyboard('{ArrowDown}');
    expect(editor.getAttribute('aria-activedescendant')).toBe(options[1]?.id);
    await user.keyboard('{Enter}');
    expect(editor.value).toBe(`services:\n  web:\n    image: ${host}/team/app:1.0`);
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('closes on Esc without changing the text', async () => {
    const world = startWorld();
    const host = await tagRegistry();
    render(<ComposeEditorCard detail={detailWith('tags-esc', 'services:\n  web:\n    image: ')} onSaved={() => undefined} />);
    const editor = screen.getByTestId('stack-editor') as HTMLTextAreaElement;
    const user = userEvent.setup();
    await user.click(editor);
    editor.setSelectionRange(editor.value.length, editor.value.length);
    await user.keyboard(`${host}/team/app:`);
    await screen.findByRole('listbox', {}, { timeout: 4000 });
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual(['latest', '2.0', '1.1', '1.0']);
    expect(world.calls).toContain('registry.tags');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(editor.value).toBe(`services:\n  web:\n    image: ${host}/team/app:`);
  });
});
