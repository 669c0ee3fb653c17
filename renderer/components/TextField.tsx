import { type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { FieldMessages, useFieldIds } from './FieldMessages';
import { classNames } from './classNames';
import './TextField.css';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'size'> {
  label: ReactNode;
  /** Always-visible guidance under the field. */
  help?: ReactNode;
  /** A problem with the value (usually main's validation message). Marks the field invalid. */
  error?: ReactNode;
  /** For image references, addresses, patterns: code-like values read better in monospace. */
  monospace?: boolean;
  /** Keeps the label for screen readers only, when the layout already makes the purpose obvious. */
  hideLabel?: boolean;
  /** Something inside the field's end, e.g. a spinner while main checks the value. */
  trailing?: ReactNode;
  ref?: Ref<HTMLInputElement>;
}

export function TextField({ label, help, error, monospace = false, hideLabel = false, trailing, id, className, ...input }: TextFieldProps) {
  const { inputId, helpId, errorId, describedBy } = useFieldIds({ id, help, error, describedBy: input['aria-describedby'] });

  return (
    <div className={classNames('field', error ? 'field--invalid' : undefined, className)}>
      <label htmlFor={inputId} className={classNames('field__label', hideLabel && 'visually-hidden')}>
        {label}
      </label>
      <div className="field__control">
        <input
          id={inputId}
          className={classNames('field__input', monospace && 'field__input--mono')}
          aria-invalid={error ? true : undefined}
          spellCheck={monospace ? false : undefined}
          autoCapitalize={monospace ? 'off' : undefined}
          autoCorrect={monospace ? 'off' : undefined}
          {...input}
          aria-describedby={describedBy}
        />
        {trailing && <span className="field__trailing">{trailing}</span>}
      </div>
      <FieldMessages error={error} errorId={errorId} help={help} helpId={helpId} />
    </div>
  );
}
