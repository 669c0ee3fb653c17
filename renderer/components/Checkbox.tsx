import { type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { useFieldIds } from './FieldMessages';
import { AlertIcon } from './icons';
import { classNames } from './classNames';
import './Checkbox.css';

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'size'> {
  label: ReactNode;
  /** Guidance under the label, e.g. what ticking it means. */
  help?: ReactNode;
  /** A problem with the choice (usually main's validation message). Marks the checkbox invalid. */
  error?: ReactNode;
  /** Draws the help in the warning colour, for choices that weaken protection. */
  tone?: 'default' | 'warning';
  ref?: Ref<HTMLInputElement>;
}

/** A native checkbox with its label, help and error, laid out like the other fields. */
export function Checkbox({ label, help, error, tone = 'default', id, className, ...input }: CheckboxProps) {
  const { inputId, helpId, errorId, describedBy } = useFieldIds({ id, help, error, describedBy: input['aria-describedby'] });
  return (
    <div className={classNames('checkbox', error ? 'checkbox--invalid' : undefined, `checkbox--${tone}`, className)}>
      <input id={inputId} type="checkbox" className="checkbox__input" aria-invalid={error ? true : undefined} {...input} aria-describedby={describedBy} />
      <div className="checkbox__text">
        <label htmlFor={inputId} className="checkbox__label">
          {label}
        </label>
        {help && (
          <p id={helpId} className="checkbox__help">
            {help}
          </p>
        )}
        {error && (
          <p id={errorId} className="checkbox__error">
            <AlertIcon size={14} />
            <span>{error}</span>
          </p>
        )}
      </div>
    </div>
  );
}
