import { useEffect, useRef, useState, type ClipboardEvent, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import { FieldMessages, useFieldIds } from './FieldMessages';
import { AlertIcon, CloseIcon } from './icons';
import { classNames } from './classNames';
// Shares the field's label, help and error styles.
import './TextField.css';
import './ChipsInput.css';

export interface ChipsInputProps {
  label: ReactNode;
  values: readonly string[];
  onChange: (values: string[]) => void;
  /** What one chip is, for screen readers: "Remove pattern team/*". */
  itemName?: string;
  placeholder?: string;
  help?: ReactNode;
  /** A problem with the list as a whole. */
  error?: ReactNode;
  /** Problems main found with single chips, keyed by the chip's text. */
  chipErrors?: Readonly<Record<string, string>>;
  /** Patterns, references and addresses read better in monospace (the default). */
  monospace?: boolean;
  disabled?: boolean;
  id?: string;
  'data-testid'?: string;
}

type PendingFocus = { kind: 'chip'; index: number } | { kind: 'input' } | undefined;

/**
 * A list of short values (Image Patterns) edited in place: type and press Enter to add, Backspace in the empty
 * field removes the last chip, and each chip has its own remove button (Delete/Backspace on it works too;
 * arrow keys move between chips). It only edits the list: whether a value is valid is main's call.
 */
export function ChipsInput({
  label,
  values,
  onChange,
  itemName = 'item',
  placeholder,
  help,
  error,
  chipErrors,
  monospace = true,
  disabled = false,
  id,
  'data-testid': testId,
}: ChipsInputProps) {
  const { inputId, helpId, errorId, describedBy } = useFieldIds({ id, help, error });
  const labelId = `${inputId}-label`;
  const chipErrorId = (index: number): string => `${inputId}-chip-${index}-error`;

  const [draft, setDraft] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // Focus can only move to a chip after the parent has re-rendered the new list.
  const pendingFocus = useRef<PendingFocus>(undefined);

  useEffect(() => {
    const target = pendingFocus.current;
    pendingFocus.current = undefined;
    if (!target) return;
    if (target.kind === 'chip') {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('.chip__remove');
      const button = buttons?.[target.index];
      if (button) {
        button.focus();
        return;
      }
    }
    inputRef.current?.focus();
  }, [values]);

  const focusChip = (index: number): void => {
    listRef.current?.querySelectorAll<HTMLButtonElement>('.chip__remove')[index]?.focus();
  };

  const add = (texts: readonly string[]): void => {
    const fresh: string[] = [];
    const repeated: string[] = [];
    for (const raw of texts) {
      const text = raw.trim();
      if (!text) continue;
      if (values.includes(text) || fresh.includes(text)) repeated.push(text);
      else fresh.push(text);
    }
    setDraft('');
    if (fresh.length > 0) onChange([...values, ...fresh]);
    const said = [
      fresh.length > 0 ? `Added ${fresh.join(', ')}.` : '',
      repeated.length > 0 ? `${repeated.join(', ')} already in the list.` : '',
    ];
    setAnnouncement(said.filter(Boolean).join(' '));
  };

  const remove = (index: number, focusAfter: PendingFocus): void => {
    const removed = values[index];
    if (removed === undefined) return;
    pendingFocus.current = focusAfter;
    onChange(values.filter((_, at) => at !== index));
    setAnnouncement(`Removed ${removed}.`);
  };

  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const input = event.currentTarget;
    const caretAtStart = input.selectionStart === 0 && input.selectionEnd === 0;
    if (event.key === 'Enter' && draft.trim()) {
      // Adds instead of submitting the surrounding form; an empty field lets Enter submit as usual.
      event.preventDefault();
      add([draft]);
    } else if (event.key === 'Backspace' && caretAtStart && values.length > 0) {
      event.preventDefault();
      remove(values.length - 1, { kind: 'input' });
    } else if (event.key === 'ArrowLeft' && caretAtStart && values.length > 0) {
      event.preventDefault();
      focusChip(values.length - 1);
    }
  };

  const onChipKeyDown = (index: number) => (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'Backspace' || event.key === 'Delete') {
      event.preventDefault();
      const next: PendingFocus =
        index < values.length - 1 ? { kind: 'chip', index } : index > 0 ? { kind: 'chip', index: index - 1 } : { kind: 'input' };
      remove(index, next);
    } else if (event.key === 'ArrowLeft' && index > 0) {
      event.preventDefault();
      focusChip(index - 1);
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      if (index < values.length - 1) focusChip(index + 1);
      else inputRef.current?.focus();
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>): void => {
    const text = event.clipboardData.getData('text');
    if (!/[\r\n]/.test(text)) return;
    // One value per line: pasting a list adds each line as its own chip.
    event.preventDefault();
    add(text.split(/\r?\n|\r/));
  };

  const onBlur = (event: FocusEvent<HTMLInputElement>): void => {
    // Typed but not confirmed, and focus is leaving the whole control: keep it rather than lose it on Save.
    const stillInside = event.relatedTarget instanceof Node && rootRef.current?.contains(event.relatedTarget);
    if (!stillInside && draft.trim()) add([draft]);
  };

  const invalidChips = values.flatMap((value, index) => {
    const message = chipErrors?.[value];
    return message ? [{ value, index, message }] : [];
  });

  return (
    <div
      ref={rootRef}
      className={classNames('field', 'chips', (Boolean(error) || invalidChips.length > 0) && 'field--invalid', disabled && 'chips--disabled')}
      data-testid={testId}
    >
      <label id={labelId} htmlFor={inputId} className="field__label">
        {label}
      </label>
      <div
        className="chips__box"
        onPointerDown={(event) => {
          // Clicking the empty part of the box should feel like clicking a text field.
          if (event.target === event.currentTarget) {
            event.preventDefault();
            inputRef.current?.focus();
          }
        }}
      >
        {values.length > 0 && (
          <ul ref={listRef} className="inline-list chips__list" aria-labelledby={labelId}>
            {values.map((value, index) => {
              const invalid = chipErrors?.[value] !== undefined;
              return (
                <li key={`${index}:${value}`} className={classNames('chip', invalid && 'chip--invalid', monospace && 'chip--mono')}>
                  <span className="chip__text">{value}</span>
                  <button
                    type="button"
                    className="icon-button chip__remove"
                    aria-label={`Remove ${itemName} ${value}`}
                    aria-describedby={invalid ? chipErrorId(index) : undefined}
                    disabled={disabled}
                    onClick={() => remove(index, index < values.length - 1 ? { kind: 'chip', index } : { kind: 'input' })}
                    onKeyDown={onChipKeyDown(index)}
                  >
                    <CloseIcon size={12} />
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <input
          ref={inputRef}
          id={inputId}
          className={classNames('chips__input', monospace && 'field__input--mono')}
          value={draft}
          placeholder={placeholder}
          disabled={disabled}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          enterKeyHint="enter"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onInputKeyDown}
          onPaste={onPaste}
          onBlur={onBlur}
        />
      </div>
      {invalidChips.length > 0 && (
        <ul className="chips__errors">
          {invalidChips.map(({ value, index, message }) => (
            <li key={value} id={chipErrorId(index)} className="field__error">
              <AlertIcon size={14} />
              <span>
                <code>{value}</code>: {message}
              </span>
            </li>
          ))}
        </ul>
      )}
      <FieldMessages error={error} errorId={errorId} help={help} helpId={helpId} />
      <span className="visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </div>
  );
}
