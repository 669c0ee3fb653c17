import { classNames } from './classNames';
import './ProgressBar.css';

export interface ProgressBarProps {
  /** What is progressing, for screen readers ("Pulling nginx:1.25", "Layer 3f4e…"). */
  label: string;
  /** Percent done, 0–100. Leave undefined while the total is unknown: the bar is then indeterminate. */
  value?: number;
  /** Spoken instead of the bare percentage, e.g. "12.3 MB of 48 MB". */
  valueText?: string;
  /** Shows the percentage next to the bar. */
  showValue?: boolean;
  tone?: 'accent' | 'success' | 'danger';
  size?: 'sm' | 'md';
  className?: string;
  'data-testid'?: string;
}

export function ProgressBar({
  label,
  value,
  valueText,
  showValue = false,
  tone = 'accent',
  size = 'md',
  className,
  'data-testid': testId,
}: ProgressBarProps) {
  const determinate = value !== undefined && Number.isFinite(value);
  const percent = determinate ? Math.min(100, Math.max(0, value)) : 0;
  const rounded = Math.floor(percent);
  return (
    <div className={classNames('progress', `progress--${size}`, `progress--${tone}`, className)}>
      <div
        className={classNames('progress__track', !determinate && 'progress__track--indeterminate')}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={determinate ? rounded : undefined}
        aria-valuetext={determinate ? valueText : (valueText ?? 'Waiting for size')}
        data-testid={testId}
      >
        {/* Width set through the CSSOM (a React style prop), which the page's CSP allows. */}
        <div className="progress__fill" style={determinate ? { transform: `scaleX(${percent / 100})` } : undefined} />
      </div>
      {showValue && (
        <span className="progress__value" aria-hidden="true">
          {determinate ? `${rounded}%` : '—'}
        </span>
      )}
    </div>
  );
}
