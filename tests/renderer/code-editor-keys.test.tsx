/**
 * The code editor keeps Tab for indenting; Esc then Tab leaves it (renderer/components/CodeEditor.tsx). Leaving
 * backwards is Esc then Shift+Tab: pressing Shift is a key of its own, and it used to disarm the Esc, so Shift+Tab
 * outdented the line instead and a keyboard user could not get back to what comes before the editor.
 */
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CodeEditor } from '../../renderer/components/CodeEditor';

function EditorBetweenButtons() {
  const [value, setValue] = useState('services:\n    web:\n');
  return (
    <>
      <button type="button">Before</button>
      <CodeEditor label="compose.yaml" value={value} onValueChange={setValue} />
      <button type="button">After</button>
    </>
  );
}

/** The editor between two buttons, focused with the caret on its last line ("    web:"). */
function focusedEditor() {
  const user = userEvent.setup({ delay: null });
  render(<EditorBetweenButtons />);
  const editor = screen.getByLabelText('compose.yaml') as HTMLTextAreaElement;
  editor.focus();
  editor.setSelectionRange(editor.value.length - 1, editor.value.length - 1);
  return { user, editor };
}

describe('leaving the code editor with the keyboard', () => {
  it('Esc then Shift+Tab moves focus back to what comes before, and leaves the text as it was', async () => {
    const { user, editor } = focusedEditor();
    await user.keyboard('{Escape}{Shift>}{Tab}{/Shift}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Before' }));
    expect(editor.value).toBe('services:\n    web:\n');
  });

  it('Esc then Tab moves focus on; Tab alone indents and Shift+Tab alone outdents', async () => {
    const { user, editor } = focusedEditor();
    await user.keyboard('{Shift>}{Tab}{/Shift}');
    expect(editor.value).toBe('services:\n  web:\n');
    expect(document.activeElement).toBe(editor);
    await user.keyboard('{Escape}{Tab}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'After' }));
  });
});
