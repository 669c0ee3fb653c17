import { useId, type ReactNode } from 'react';
import './ScreenLayout.css';

export interface ScreenLayoutProps {
  /** The screen's id; the root gets `data-testid="screen-<id>"`. */
  id: string;
  title: ReactNode;
  description?: ReactNode;
  /** Buttons at the end of the title row (e.g. "Add registry"). */
  actions?: ReactNode;
  children?: ReactNode;
}

/** The frame every screen shares: one h1, an optional description and actions, then the content. */
export function ScreenLayout({ id, title, description, actions, children }: ScreenLayoutProps) {
  const titleId = useId();
  return (
    <section className="screen" aria-labelledby={titleId} data-testid={`screen-${id}`}>
      <header className="screen__header">
        <div className="screen__titles">
          {/* Focusable by script only: where focus goes when the screen changes or what had it is gone. */}
          <h1 id={titleId} className="screen__title" tabIndex={-1} data-screen-heading="">
            {title}
          </h1>
          {description && <p className="screen__description">{description}</p>}
        </div>
        {actions && <div className="screen__actions">{actions}</div>}
      </header>
      <div className="screen__content">{children}</div>
    </section>
  );
}

/**
 * Moves focus to the current screen's heading: after switching screens (so the keyboard starts at the top of the
 * new one and a screen reader announces it), or when the element that had focus went away (a removed row).
 */
export function focusScreenHeading(): void {
  document.querySelector<HTMLElement>('[data-screen-heading]')?.focus({ preventScroll: true });
}
