import { classNames } from './classNames';
import './Spinner.css';

export interface SpinnerProps {
  size?: 'sm' | 'md';
  /** Announced to screen readers; omit when the surrounding control already says it is busy. */
  label?: string;
  className?: string;
}

export function Spinner({ size = 'md', label, className }: SpinnerProps) {
  return (
    <span
      className={classNames('spinner', `spinner--${size}`, className)}
      {...(label ? { role: 'status', 'aria-label': label } : { 'aria-hidden': true })}
    />
  );
}
