import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from './Button';
import { ChevronDownIcon } from './icons';
import { classNames } from './classNames';
import './LogView.css';

export interface LogViewLine {
  key: string | number;
  text: string;
  /** `muted` for the app's own notes, `danger` for lines that report a failure. */
  tone?: 'default' | 'muted' | 'accent' | 'danger';
  /** Shown before the text in a narrow column, e.g. the container a line came from. */
  prefix?: string;
  /** Shown on hover, e.g. the line's time. */
  title?: string;
}

export interface LogViewProps {
  /** Names the panel for screen readers ("Deploy log", "Logs of web"). */
  label: string;
  lines: readonly LogViewLine[];
  /** Shown when there are no lines yet. */
  empty?: ReactNode;
  /** A line before the first, e.g. "120 earlier lines are not kept". */
  note?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  className?: string;
  'data-testid'?: string;
}

/** Within this many pixels of the end counts as "at the end". */
const BOTTOM_SLACK = 8;

/**
 * A scrollable monospace panel for streamed output. It stays at the newest line while the reader is there and
 * leaves them alone once they scroll up (a "Latest" button brings them back). Focusable, so the keyboard can
 * scroll it. Not a live region: a screen reader would read every line; the surrounding view announces states.
 */
export function LogView({ label, lines, empty, note, size = 'md', className, 'data-testid': testId }: LogViewProps) {
  const panelRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [awayFromEnd, setAwayFromEnd] = useState(false);

  useLayoutEffect(() => {
    const panel = panelRef.current;
    if (panel && following.current) panel.scrollTop = panel.scrollHeight;
  }, [lines]);

  const onScroll = (): void => {
    const panel = panelRef.current;
    if (!panel) return;
    const atEnd = panel.scrollHeight - panel.scrollTop - panel.clientHeight <= BOTTOM_SLACK;
    following.current = atEnd;
    setAwayFromEnd(!atEnd);
  };

  const toEnd = (): void => {
    const panel = panelRef.current;
    if (!panel) return;
    following.current = true;
    setAwayFromEnd(false);
    panel.scrollTop = panel.scrollHeight;
    panel.focus();
  };

  return (
    <div className={classNames('log-view', `log-view--${size}`, className)}>
      <div
        ref={panelRef}
        className="log-view__panel"
        role="log"
        aria-live="off"
        aria-label={label}
        tabIndex={0}
        onScroll={onScroll}
        data-testid={testId}
        data-lines={lines.length}
      >
        {note && <div className="log-view__note">{note}</div>}
        {lines.length === 0 && empty ? (
          <div className="log-view__empty">{empty}</div>
        ) : (
          lines.map((line) => (
            <div key={line.key} className={classNames('log-view__line', line.tone && `log-view__line--${line.tone}`)} title={line.title}>
              {line.prefix !== undefined && <span className="log-view__prefix">{line.prefix}</span>}
              <span className="log-view__text">{line.text === '' ? '\u00a0' : line.text}</span>
            </div>
          ))
        )}
      </div>
      {awayFromEnd && lines.length > 0 && (
        <Button size="sm" className="log-view__latest" icon={<ChevronDownIcon size={14} />} onClick={toEnd}>
          Latest
        </Button>
      )}
    </div>
  );
}
