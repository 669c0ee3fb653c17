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

/** The names of the buttons Tab reaches, in order. */
function buttonNames(): string[] {
  return screen.getAllByRole('button').map((button) => button.textContent?.trim() ?? '');
}

describe('empty screens', () => {
  it('Registries with none stored: Add registry and Import from Docker once each, in the header', async () => {
    startWorld();
    render(<RegistriesScreen path={[]} />);
    const empty = await screen.findByTestId('registries-empty');
    const names = buttonNames();
    expect(names.filter((name) => name === 'Add registry')).toHaveLength(1);
    expect(names.filter((name) => name === 'Import from Docker')).toHaveLength(1);
    expect(empty.textContent).toContain('Add registry');
  });

  it('Stacks with none listed: New stack and Open compose file… once each, in the header', async () => {
    startWorld();
    render(<StacksScreen path={[]} />);
    const empty = await screen.findByTestId('stacks-empty');
    const names = buttonNames();
    expect(names.filter((name) => name === 'New stack')).toHaveLength(1);
    expect(names.filter((name) => name === 'Open compose file…')).toHaveLength(1);
    expect(empty.textContent).toContain('New stack');
  });
});
