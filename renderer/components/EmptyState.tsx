import type { ReactNode } from 'react';
import { classNames } from './classNames';
import './EmptyState.css';

export interface EmptyStateProps {
  icon?: ReactNode;
  title: ReactNode;
  /** One or two sentences: what belongs here and how to get it. */
  children?: ReactNode;
  /** Usually one primary Button. */
  action?: ReactNode;
  headingLevel?: 2 | 3;
  className?: string;
  'data-testid'?: string;
}

export function EmptyState({ icon, title, children, action, headingLevel = 2, className, 'data-testid': testId }: EmptyStateProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className={classNames('empty-state', className)} data-testid={testId}>
      {icon && <div className="empty-state__icon">{icon}</div>}
      <Heading className="empty-state__title">{title}</Heading>
      {children && <div className="empty-state__body">{children}</div>}
      {action && <div className="empty-state__action">{action}</div>}
    </div>
  );
}
