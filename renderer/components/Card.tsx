import { useId, type ReactNode } from 'react';
import { classNames } from './classNames';
import './Card.css';

export interface CardProps {
  title?: ReactNode;
  description?: ReactNode;
  /** Buttons at the end of the header. */
  actions?: ReactNode;
  children?: ReactNode;
  /** Heading level of the title within the screen (the screen's own title is the h1). */
  headingLevel?: 2 | 3;
  /** Set false for content that runs to the card's edges, such as a table. */
  padded?: boolean;
  className?: string;
  'data-testid'?: string;
}

export function Card({ title, description, actions, children, headingLevel = 2, padded = true, className, 'data-testid': testId }: CardProps) {
  const headingId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const hasHeader = title !== undefined || actions !== undefined;
  return (
    <section
      className={classNames('card', className)}
      aria-labelledby={title !== undefined ? headingId : undefined}
      data-testid={testId}
    >
      {hasHeader && (
        <header className="card__header">
          <div className="card__titles">
            {title !== undefined && (
              <Heading id={headingId} className="card__title">
                {title}
              </Heading>
            )}
            {description !== undefined && <p className="card__description">{description}</p>}
          </div>
          {actions !== undefined && <div className="card__actions">{actions}</div>}
        </header>
      )}
      {children !== undefined && <div className={classNames('card__body', padded && 'card__body--padded')}>{children}</div>}
    </section>
  );
}
