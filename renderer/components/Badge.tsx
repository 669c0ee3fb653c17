import type { ReactNode } from 'react';
import { classNames } from './classNames';
import './Badge.css';

export type BadgeTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

export interface BadgeProps {
  tone?: BadgeTone;
  icon?: ReactNode;
  children: ReactNode;
  className?: string;
  'data-testid'?: string;
}

export function Badge({ tone = 'neutral', icon, children, className, 'data-testid': testId }: BadgeProps) {
  return (
    <span className={classNames('badge', `badge--${tone}`, className)} data-testid={testId}>
      {icon}
      {children}
    </span>
  );
}
