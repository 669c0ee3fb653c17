import { useEffect, useState, type InputHTMLAttributes, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { FieldMessages, useFieldIds } from './FieldMessages';
import { classNames } from './classNames';
// Shares the field's label, input, help and error styles.
import './TextField.css';
import './Combobox.css';

export interface ComboboxOption {
  /** What goes into the field when picked. */
  value: string;
  /** Distinguishes options with the same value (the same image with different platforms). */
  key?: string;
  /** Shown instead of the value. */
  label?: ReactNode;
  /** A quieter note at the end of the option (a platform, "2 days ago"). */
  hint?: ReactNode;
}

export interface ComboboxGroup {
  label: string;
  options: readonly ComboboxOption[];
}

export interface ComboboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'size' | 'value' | 'onChange' | 'onSelect'> {
  label: ReactNode;
  value: string;
  /** Every keystroke. */
  onValueChange: (value: string) => void;
  /** Suggestions, already filtered for `value` by the caller. Empty groups are not shown. */
  groups: readonly ComboboxGroup[];
  /** An option was chosen (Enter on it, or a click); `onValueChange` is not called for it. */
  onPick: (option: ComboboxOption) => void;
  help?: ReactNode;
  error?: ReactNode;
  monospace?: boolean;
  /** Something inside the field's end, such as a toggle button. */
  trailing?: ReactNode;
  ref?: Ref<HTMLInputElement>;
}

/**
 * A text field with a list of suggestions (the ARIA 1.2 combobox pattern): typing filters and opens the list,
 * ↓/↑ move through it (wrapping), Enter picks the highlighted option — or, with none highlighted, submits the
 * form as usual — and Esc closes it. Focus stays in the field throughout.
 */
export function Combobox({
  label,
  value,
  onValueChange,
  groups,
  onPick,
  help,
  error,
  monospace = false,
  trailing,
  id,
  className,
  ref,
  onKeyDown,
  onBlur,
  onClick,
  ...input
}: ComboboxProps) {
  const { inputId, helpId, errorId, describedBy } = useFieldIds({ id, help, error });
  const listboxId = `${inputId}-listbox`;
  const optionId = (index: number): string => `${listboxId}-option-${index}`;

  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);

  const visibleGroups = groups.filter((group) => group.options.length > 0);
  const options = visibleGroups.flatMap((group) => group.options);
  const expanded = open && options.length > 0;
  // The list may have shrunk under the highlight as the user typed.
  const active = expanded && activeIndex < options.length ? activeIndex : -1;

  useEffect(() => {
    if (active >= 0) document.getElementById(`${listboxId}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listboxId]);

  const pick = (option: ComboboxOption): void => {
    setOpen(false);
    setActiveIndex(-1);
    onPick(option);
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    onKeyDown?.(event);
    if (event.defaultPrevented) return;
    const count = options.length;
    switch (event.key) {
      case 'ArrowDown':
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActiveIndex(!expanded || active < 0 ? 0 : (active + 1) % count);
        return;
      case 'ArrowUp':
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActiveIndex(!expanded || active <= 0 ? count - 1 : active - 1);
        return;
      case 'Enter': {
        const option = options[active];
        if (option) {
          // Picking is not submitting: the user may still want to change the platform or add credentials.
          event.preventDefault();
          pick(option);
        } else {
          setOpen(false);
        }
        return;
      }
      case 'Escape':
        if (expanded) {
          // Only the list closes; a dialog or screen around the field keeps its own Esc.
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setActiveIndex(-1);
        }
        return;
      case 'Tab':
        setOpen(false);
        return;
    }
  };

  let index = -1;
  return (
    <div className={classNames('field', 'combobox', error ? 'field--invalid' : undefined, className)}>
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      <div className="field__control">
        <input
          ref={ref}
          id={inputId}
          className={classNames('field__input', monospace && 'field__input--mono')}
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? optionId(active) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          spellCheck={monospace ? false : undefined}
          autoCapitalize={monospace ? 'off' : undefined}
          autoCorrect={monospace ? 'off' : undefined}
          value={value}
          onChange={(event) => {
            onValueChange(event.target.value);
            setOpen(true);
            setActiveIndex(-1);
          }}
          onKeyDown={handleKeyDown}
          onClick={(event) => {
            onClick?.(event);
            setOpen(true);
          }}
          onBlur={(event) => {
            onBlur?.(event);
            setOpen(false);
            setActiveIndex(-1);
          }}
          {...input}
        />
        {trailing && <span className="field__trailing combobox__trailing">{trailing}</span>}
        {/* Always in the page, so aria-controls points at something; hidden while closed. */}
        <div id={listboxId} role="listbox" className="combobox__popup" hidden={!expanded} aria-label="Suggestions">
          {visibleGroups.map((group) => (
            <div key={group.label} role="group" aria-label={group.label} className="combobox__group">
              <div className="combobox__group-label" aria-hidden="true">
                {group.label}
              </div>
              {group.options.map((option) => {
                index++;
                const optionIndex = index;
                return (
                  <div
                    key={option.key ?? option.value}
                    id={optionId(optionIndex)}
                    role="option"
                    aria-selected={optionIndex === active}
                    className={classNames('combobox__option', optionIndex === active && 'combobox__option--active')}
                    // Keep focus in the field: a mousedown elsewhere would blur it and close the list first.
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => pick(option)}
                    onMouseMove={() => {
                      if (optionIndex !== activeIndex) setActiveIndex(optionIndex);
                    }}
                  >
                    <span className={classNames('combobox__value', monospace && 'mono')}>{option.label ?? option.value}</span>
                    {option.hint && <span className="combobox__hint">{option.hint}</span>}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
      <FieldMessages error={error} errorId={errorId} help={help} helpId={helpId} />
    </div>
  );
}
