import { type ReactNode, type Ref, type SelectHTMLAttributes } from 'react';
import { FieldMessages, useFieldIds } from './FieldMessages';
import { ChevronDownIcon } from './icons';
import { classNames } from './classNames';
import './TextField.css';
import './SelectField.css';

interface SelectFieldOption {
  value: string;
  label: string;
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'size' | 'onChange' | 'value'> {
  label: ReactNode;
  value: string;
  onValueChange: (value: string) => void;
  options: readonly SelectFieldOption[];
  help?: ReactNode;
  ref?: Ref<HTMLSelectElement>;
}

/** A native select drawn like the text fields: the platform's own list, keyboard and screen-reader behaviour. */
export function SelectField({ label, value, onValueChange, options, help, id, className, ref, ...select }: SelectFieldProps) {
  const { inputId: selectId, helpId, describedBy } = useFieldIds({ id, help });
  return (
    <div className={classNames('field', 'select-field', className)}>
      <label htmlFor={selectId} className="field__label">
        {label}
      </label>
      <div className="field__control">
        <select
          ref={ref}
          id={selectId}
          className="field__input select-field__select"
          value={value}
          aria-describedby={describedBy}
          onChange={(event) => onValueChange(event.target.value)}
          {...select}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <ChevronDownIcon size={14} className="select-field__chevron" />
      </div>
      <FieldMessages help={help} helpId={helpId} />
    </div>
  );
}
