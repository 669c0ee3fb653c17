import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EngineChoices } from '../../preload/api';
import { EngineChoiceForms } from '../../renderer/settings/EngineCard';
import { startWorld } from './harness';

const offered = (selected: string): EngineChoices => ({
  selected,
  choices: [
    { id: 'automatic', label: 'Automatic', url: 'unix:///var/run/docker.sock', detail: 'As the docker CLI finds it.' },
    { id: 'context:staging', label: 'Docker context "staging"', url: 'tcp://10.0.0.5:2376', detail: 'Added in Stevedore' },
  ],
});

describe('Settings → engine to use', () => {
  it('follows main when the engine in use changes under it (an engine just added, a switch from the tray)', () => {
    startWorld();
    const { rerender } = render(<EngineChoiceForms offered={offered('automatic')} reload={() => undefined} />);
    expect((screen.getByTestId('settings-engine-choice-automatic') as HTMLInputElement).checked).toBe(true);
    rerender(<EngineChoiceForms offered={offered('context:staging')} reload={() => undefined} />);
    expect((screen.getByTestId('settings-engine-choice-context:staging') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('settings-engine-choice-automatic') as HTMLInputElement).checked).toBe(false);
  });
});
