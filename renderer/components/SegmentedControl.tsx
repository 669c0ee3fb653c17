import { useId, type ReactNode } from 'react';
import { classNames } from './classNames';
import './SegmentedControl.css';

export interface SegmentedOption<T extends string> {
  value: T;
  label: ReactNode;
  icon?: ReactNode;
}

export interface SegmentedControlProps<T extends string> {
  /** Names the group for screen readers and as a visible label. */
  legend: ReactNode;
  hideLegend?: boolean;
  options: ReadonlyArray<SegmentedOption<T>>;
  value: T;
  onChange: (value: T) => void;
  className?: string;
  'data-testid'?: string;
}

/** One choice out of a few, as a radio group: Tab reaches it once, arrow keys move the choice. */
export function SegmentedControl<T extends string>({
  legend,
  hideLegend = false,
  options,
  value,
  onChange,
  className,
  'data-testid': testId,
}: SegmentedControlProps<T>) {
  const name = useId();
  return (
    <fieldset className={classNames('segmented', className)} data-testid={testId}>
      <legend className={classNames('segmented__legend', hideLegend && 'visually-hidden')}>{legend}</legend>
      <div className="segmented__options">
        {options.map((option) => (
          <label key={option.value} className="segmented__option">
            <input
              type="radio"
              className="segmented__radio"
              name={name}
              value={option.value}
              checked={option.value === value}
              onChange={() => onChange(option.value)}
            />
            <span className="segmented__face">
              {option.icon}
              {option.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
