/**
 * An empty Registries or Stacks screen offers each action once. The empty state used to repeat the header's buttons
 * (Add registry / Import from Docker, New stack / Open compose file…), so Tab reached each twice and a screen reader
 * read them twice. The header's buttons stay (where they are once the list has entries, and where a closed dialog
 * returns focus); the empty state points at them.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RegistriesScreen } from '../../renderer/screens/RegistriesScreen';
import { StacksScreen } from '../../renderer/screens/StacksScreen';
import { startWorld } from './harness';

const screens = [
  { name: 'Registries', render: () => <RegistriesScreen path={[]} />, emptyTestId: 'registries-empty', actions: ['Add registry', 'Import from Docker'] },
  { name: 'Stacks', render: () => <StacksScreen path={[]} />, emptyTestId: 'stacks-empty', actions: ['New stack', 'Open compose file…'] },
];

describe('empty screens', () => {
  it.each(screens)('$name with nothing listed: each header action once, and the empty state names them', async ({ render: screenElement, emptyTestId, actions }) => {
    startWorld();
    render(screenElement());
    const empty = await screen.findByTestId(emptyTestId);
    const buttonNames = screen.getAllByRole('button').map((button) => button.textContent?.trim() ?? '');
    for (const action of actions) {
      expect(buttonNames.filter((name) => name === action)).toEqual([action]);
      expect(empty.textContent).toContain(action);
    }
  });
});
