import { useId, type ReactNode } from 'react';
import { AlertIcon, ChevronRightIcon } from './icons';
import { classNames } from './classNames';
import { CopyButton } from './CopyButton';
import './ErrorCard.css';

/**
 * Shows a failure the way main describes it. The fields match main's error shape
 * (`{ code, title, cause, fix, detail, credential }`), so `<ErrorCard {...pullError} />` works as is.
 */
export interface ErrorCardProps {
  title: ReactNode;
  /**
   * Main's error code, e.g. UNAUTHORIZED: not a word for people, so it sits small under "Technical detail",
   * copyable for bug reports; the title says what happened.
   */
  code?: string;
  /** What most likely caused it, in plain words. */
  cause?: ReactNode;
  /** What the user can do about it. */
  fix?: ReactNode;
  /** The engine's or registry's original text: kept, but folded away. */
  detail?: ReactNode;
  /** Which credentials were used (from main's explanation, never a secret). */
  credential?: ReactNode;
  /** Buttons such as Retry or Open Settings. */
  actions?: ReactNode;
  /** Announce on appearance. Off for errors that are part of a screen's initial content. */
  announce?: boolean;
  headingLevel?: 2 | 3;
  className?: string;
  'data-testid'?: string;
}

export function ErrorCard({
  title,
  code,
  cause,
  fix,
  detail,
  credential,
  actions,
  announce = true,
  headingLevel = 2,
  className,
  'data-testid': testId,
}: ErrorCardProps) {
  const titleId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section
      className={classNames('error-card', className)}
      role={announce ? 'alert' : undefined}
      aria-labelledby={titleId}
      data-testid={testId}
      data-code={code}
    >
      <div className="error-card__icon">
        <AlertIcon size={20} />
      </div>
      <div className="error-card__content">
        <header className="error-card__header">
          <Heading id={titleId} className="error-card__title">
            {title}
          </Heading>
        </header>
        {(cause || fix || credential) && (
          <dl className="error-card__facts">
            {cause && (
              <div>
                <dt>Cause</dt>
                <dd data-testid="error-cause">{cause}</dd>
              </div>
            )}
            {fix && (
              <div>
                <dt>What to do</dt>
                <dd data-testid="error-fix">{fix}</dd>
              </div>
            )}
            {credential && (
              <div>
                <dt>Credentials</dt>
                <dd data-testid="error-credential">{credential}</dd>
              </div>
            )}
          </dl>
        )}
        {(detail || code) && (
          <details className="error-card__detail">
            <summary>
              <ChevronRightIcon size={14} className="error-card__chevron" />
              Technical detail
            </summary>
            {code && (
              <p className="error-card__code">
                Error code <code data-testid="error-code">{code}</code> <CopyButton text={code} what="error code" />
              </p>
            )}
            {detail && <pre data-testid="error-detail">{detail}</pre>}
          </details>
        )}
        {actions && <div className="error-card__actions">{actions}</div>}
      </div>
    </section>
  );
}
