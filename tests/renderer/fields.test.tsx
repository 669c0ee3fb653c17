import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Checkbox } from '../../renderer/components/Checkbox';
import { ChipsInput } from '../../renderer/components/ChipsInput';
import { Combobox } from '../../renderer/components/Combobox';
import { SelectField } from '../../renderer/components/SelectField';
import { TextField } from '../../renderer/components/TextField';

/** What a screen reader reads after the control's name: the texts its aria-describedby names, in order. */
function description(control: HTMLElement): string[] {
  return (control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `(missing ${id})`);
}

describe('form fields describe themselves the same way', () => {
  it('a text field: error first, then help, then what the caller adds; invalid only with an error', () => {
    const { rerender } = render(
      <>
        <p id="extra">Checked by main.</p>
        <TextField label="Address" help="host[:port]" error="Not a host name." aria-describedby="extra" />
      </>,
    );
    const input = screen.getByLabelText('Address');
    expect(description(input)).toEqual(['Not a host name.', 'host[:port]', 'Checked by main.']);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    rerender(<TextField label="Address" />);
    expect(screen.getByLabelText('Address').getAttribute('aria-describedby')).toBeNull();
    expect(screen.getByLabelText('Address').getAttribute('aria-invalid')).toBeNull();
  });

  it('a checkbox: error, then help', () => {
    render(<Checkbox label="Store without a keyring" help="Readable by anyone with your files." error="Say yes to continue." />);
    const box = screen.getByRole('checkbox', { name: 'Store without a keyring' });
    expect(description(box)).toEqual(['Say yes to continue.', 'Readable by anyone with your files.']);
    expect(box.getAttribute('aria-invalid')).toBe('true');
  });

  it('a select: its help', () => {
    render(<SelectField label="Platform" value="a" onValueChange={() => undefined} options={[{ value: 'a', label: 'A' }]} help="Which variant to pull." />);
    expect(description(screen.getByLabelText('Platform'))).toEqual(['Which variant to pull.']);
  });

  it('a combobox and a chips input: error, then help', () => {
    render(
      <>
        <Combobox label="Image" value="" onValueChange={() => undefined} groups={[]} onPick={() => undefined} help="name:tag" error="Say which image." />
        <ChipsInput label="Patterns" values={[]} onChange={() => undefined} help="team/*" error="No pattern." />
      </>,
    );
    expect(description(screen.getByRole('combobox', { name: 'Image' }))).toEqual(['Say which image.', 'name:tag']);
    expect(description(screen.getByLabelText('Patterns', { selector: 'input' }))).toEqual(['No pattern.', 'team/*']);
  });
});
