import { classNames } from './classNames';
import './StatusDot.css';

export type StatusTone = 'success' | 'warning' | 'danger' | 'neutral' | 'accent';

export interface StatusDotProps {
  tone: StatusTone;
  /** A soft pulse for states that are in progress (connecting, pulling). */
  pulse?: boolean;
  className?: string;
}

/** Colour is never the only signal: always put a text label next to the dot. */
export function StatusDot({ tone, pulse = false, className }: StatusDotProps) {
  return <span aria-hidden="true" className={classNames('status-dot', `status-dot--${tone}`, pulse && 'status-dot--pulse', className)} />;
}
