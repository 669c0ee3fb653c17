import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';
import { classNames } from './classNames';
import './CodeEditor.css';

/** What a parent can ask of the editor, e.g. to show the place a problem points at. */
export interface CodeEditorHandle {
  /** Focuses the editor with the caret at a 1-based line and column, scrolled into view. */
  revealPosition: (line: number, column?: number) => void;
  focus: () => void;
}

export type CodeEditorMark = 'error' | 'warning';

/** Words the parent offers for the text before the caret: `items` replace the text between `from` and `to`. */
export interface CodeEditorCompletions {
  label: string;
  items: readonly string[];
  from: number;
  to: number;
}

export interface CodeEditorProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'defaultValue'> {
  label: ReactNode;
  hideLabel?: boolean;
  /** Guidance under the editor. The keyboard hint (how to leave with Tab) is added to it. */
  help?: ReactNode;
  value: string;
  onValueChange?: (value: string) => void;
  /** 1-based line numbers drawn in a problem colour in the gutter. */
  marks?: ReadonlyMap<number, CodeEditorMark>;
  /** Visible lines before the editor scrolls. */
  rows?: number;
  handle?: Ref<CodeEditorHandle>;
  /** Suggestions shown in a listbox under the editor (e.g. tags for an `image:` value); the parent finds them. */
  completions?: CodeEditorCompletions;
  /** Called with the caret's offset whenever it may have moved, so the parent can offer completions. */
  onCaretChange?: (caret: number) => void;
}

const INDENT = '  ';
const MODIFIER_KEYS: ReadonlySet<string> = new Set(['Shift', 'Control', 'Alt', 'Meta']);

/**
 * A plain textarea for code (compose YAML, .env) with a line-number gutter and a few editing keys: Tab indents
 * by two spaces (Shift+Tab outdents), Enter keeps the line's indentation. Tab stays an editing key, so Esc then
 * Tab leaves the editor, as in most code editors; the help text says so.
 */
export function CodeEditor({
  label,
  hideLabel = false,
  help,
  value,
  onValueChange,
  marks,
  rows = 12,
  handle,
  completions,
  onCaretChange,
  readOnly,
  id,
  className,
  ...textarea
}: CodeEditorProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const helpId = `${inputId}-help`;
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const gutterRef = useRef<HTMLDivElement>(null);
  // Set by Esc, cleared by any other key: the next Tab then moves focus instead of indenting.
  const tabLeaves = useRef(false);

  const lineCount = useMemo(() => countLines(value), [value]);

  // Esc closes the list until the caret moves to another place; ArrowUp/Down move the active item.
  const completionKey = completions === undefined ? undefined : `${completions.from}:${completions.to}:${completions.items.join(' ')}`;
  const [dismissedKey, setDismissedKey] = useState<string | undefined>(undefined);
  const [active, setActive] = useState<{ key: string | undefined; index: number }>({ key: undefined, index: 0 });
  const open = !readOnly && completions !== undefined && completions.items.length > 0 && dismissedKey !== completionKey;
  const activeIndex = open && active.key === completionKey ? Math.min(active.index, completions.items.length - 1) : 0;
  const listboxId = `${inputId}-completions`;
  const optionId = (index: number): string => `${inputId}-completion-${index}`;
  const reportCaret = (target: HTMLTextAreaElement): void => onCaretChange?.(target.selectionEnd);
  const pick = (target: HTMLTextAreaElement, item: string): void => {
    if (completions === undefined) return;
    // Set through the parent like any edit (not execCommand), so the listbox and the draft see the same text.
    const caretAfter = completions.from + item.length;
    pendingCaret.current = caretAfter;
    setDismissedKey(completionKey);
    onValueChange?.(value.slice(0, completions.from) + item + value.slice(completions.to));
    target.focus();
    onCaretChange?.(caretAfter);
  };
  // The caret goes after the inserted word once the new text is rendered.
  const pendingCaret = useRef<number | undefined>(undefined);
  useEffect(() => {
    const caretAfter = pendingCaret.current;
    if (caretAfter === undefined || !textareaRef.current) return;
    pendingCaret.current = undefined;
    textareaRef.current.setSelectionRange(caretAfter, caretAfter);
  }, [value]);

  useImperativeHandle(
    handle,
    () => ({
      focus: () => textareaRef.current?.focus(),
      revealPosition: (line, column = 1) => {
        const textarea = textareaRef.current;
        if (!textarea) return;
        const offset = offsetOf(textarea.value, line, column);
        textarea.focus();
        textarea.setSelectionRange(offset, offset);
        const lineHeight = Number.parseFloat(getComputedStyle(textarea).lineHeight) || 20;
        // A third of the way down, so the lines around the problem show too.
        textarea.scrollTop = Math.max(0, (line - 1) * lineHeight - textarea.clientHeight / 3);
        if (column <= 40) textarea.scrollLeft = 0;
      },
    }),
    [],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    textarea.onKeyDown?.(event);
    if (event.defaultPrevented || readOnly) return;
    const target = event.currentTarget;
    if (open && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const count = completions.items.length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive({ key: completionKey, index: (activeIndex + (event.key === 'ArrowDown' ? 1 : count - 1)) % count });
        return;
      }
      if (event.key === 'Enter' || (event.key === 'Tab' && !event.shiftKey)) {
        event.preventDefault();
        pick(target, completions.items[activeIndex] ?? '');
        return;
      }
      if (event.key === 'Escape') {
        // Closing the list is all this Esc does; the next one arms Tab as usual.
        event.preventDefault();
        setDismissedKey(completionKey);
        return;
      }
    }
    if (event.key === 'Escape') {
      // The first Esc only arms Tab; it must not also close a dialog the editor sits in. A second one does.
      if (!tabLeaves.current) event.preventDefault();
      tabLeaves.current = true;
      return;
    }
    if (event.key === 'Tab' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (tabLeaves.current) {
        tabLeaves.current = false;
        return;
      }
      event.preventDefault();
      if (event.shiftKey) outdent(target);
      else indent(target);
      return;
    }
    // A modifier pressed on its own (the Shift of Esc, Shift+Tab) keeps the Esc armed: leaving backwards needs it.
    if (!MODIFIER_KEYS.has(event.key)) tabLeaves.current = false;
    if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      const { selectionStart } = target;
      const lineStart = target.value.lastIndexOf('\n', selectionStart - 1) + 1;
      const before = target.value.slice(lineStart, selectionStart);
      const leading = /^[ \t]*/.exec(before)?.[0] ?? '';
      // A line ending in ":" opens a block (YAML) whose content sits one level deeper.
      const opensBlock = /:\s*$/.test(before);
      insertText(target, `\n${leading}${opensBlock ? INDENT : ''}`);
    }
  };

  return (
    <div className={classNames('code-editor', className)}>
      <label htmlFor={inputId} className={classNames('code-editor__label', hideLabel && 'visually-hidden')}>
        {label}
      </label>
      <div className={classNames('code-editor__frame', readOnly && 'code-editor__frame--readonly')}>
        <div ref={gutterRef} className="code-editor__gutter" aria-hidden="true">
          <Gutter count={lineCount} marks={marks} />
        </div>
        <textarea
          {...textarea}
          ref={textareaRef}
          id={inputId}
          className="code-editor__input"
          rows={rows}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          readOnly={readOnly}
          value={value}
          aria-describedby={[helpId, textarea['aria-describedby']].filter(Boolean).join(' ')}
          aria-autocomplete={onCaretChange ? 'list' : undefined}
          aria-controls={open ? listboxId : undefined}
          aria-activedescendant={open ? optionId(activeIndex) : undefined}
          onChange={(event) => {
            onValueChange?.(event.target.value);
            reportCaret(event.target);
          }}
          onSelect={(event) => {
            textarea.onSelect?.(event);
            reportCaret(event.currentTarget);
          }}
          onKeyDown={onKeyDown}
          onScroll={(event) => {
            textarea.onScroll?.(event);
            // The gutter scrolls with the text; it has no scrollbar of its own.
            if (gutterRef.current) gutterRef.current.scrollTop = event.currentTarget.scrollTop;
          }}
        />
      </div>
      {open && (
        <ul id={listboxId} role="listbox" aria-label={completions.label} className="code-editor__completions">
          {completions.items.map((item, index) => (
            <li
              key={item}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className={classNames('code-editor__completion', index === activeIndex && 'code-editor__completion--active')}
              onMouseDown={(event) => {
                // Keeps the caret in the editor; the item is inserted where the typed text was.
                event.preventDefault();
                if (textareaRef.current) pick(textareaRef.current, item);
              }}
            >
              {item}
            </li>
          ))}
        </ul>
      )}
      <p id={helpId} className="code-editor__help">
        {help}
        {help && !readOnly ? ' ' : ''}
        {!readOnly && <span className="code-editor__keys">Tab indents; press Esc then Tab to move on.</span>}
      </p>
    </div>
  );
}

function Gutter({ count, marks }: { count: number; marks: ReadonlyMap<number, CodeEditorMark> | undefined }) {
  const numbers = [];
  for (let line = 1; line <= count; line++) {
    const mark = marks?.get(line);
    numbers.push(
      <div key={line} className={classNames('code-editor__number', mark && `code-editor__number--${mark}`)}>
        {line}
      </div>,
    );
  }
  return <>{numbers}</>;
}

function countLines(text: string): number {
  let count = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd === -1 ? text.length : lineEnd;
  return Math.min(offset + Math.max(0, column - 1), end);
}

/**
 * Replaces the selection through the browser's editing command, so the change fires `input` (React sees it)
 * and joins the undo history; falls back to setRangeText where the command is unavailable.
 */
function insertText(textarea: HTMLTextAreaElement, text: string): void {
  // execCommand is deprecated but still the only way to edit a textarea and keep Ctrl+Z working.
  // Without it (jsdom), the fallback below still edits the text, only without an undo step.
  if (typeof document.execCommand === 'function' && document.execCommand('insertText', false, text)) return;
  textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

function selectedLines(textarea: HTMLTextAreaElement): { start: number; end: number } {
  const { value, selectionStart, selectionEnd } = textarea;
  const start = value.lastIndexOf('\n', selectionStart - 1) + 1;
  // A selection ending at the very start of a line does not include that line.
  const last = selectionEnd > selectionStart && value[selectionEnd - 1] === '\n' ? selectionEnd - 1 : selectionEnd;
  const lineEnd = value.indexOf('\n', last);
  return { start, end: lineEnd === -1 ? value.length : lineEnd };
}

function indent(textarea: HTMLTextAreaElement): void {
  const { value, selectionStart, selectionEnd } = textarea;
  if (!value.slice(selectionStart, selectionEnd).includes('\n')) {
    insertText(textarea, INDENT);
    return;
  }
  const { start, end } = selectedLines(textarea);
  const block = value.slice(start, end).replace(/^(?=.)/gm, INDENT);
  textarea.setSelectionRange(start, end);
  insertText(textarea, block);
  textarea.setSelectionRange(start, start + block.length);
}

function outdent(textarea: HTMLTextAreaElement): void {
  const { value, selectionStart, selectionEnd } = textarea;
  const { start, end } = selectedLines(textarea);
  const original = value.slice(start, end);
  const block = original.replace(/^ {1,2}/gm, '');
  if (block === original) return;
  const removedFromFirst = original.length - original.replace(/^ {1,2}/, '').length;
  const hadSelection = selectionEnd > selectionStart;
  textarea.setSelectionRange(start, end);
  insertText(textarea, block);
  if (hadSelection) textarea.setSelectionRange(start, start + block.length);
  else {
    const caret = Math.max(start, selectionStart - removedFromFirst);
    textarea.setSelectionRange(caret, caret);
  }
}
