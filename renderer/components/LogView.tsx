import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button } from './Button';
import { ChevronDownIcon } from './icons';
import { classNames } from './classNames';
import { useScrollWindow } from './useScrollWindow';
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

/**
 * The lines to show, oldest first: an array, or a view over a longer-lived buffer (renderer/stacks/logBuffer.ts) so
 * a stream's frame does not copy every kept line. Only the lines in and near view are read with `at`.
 */
export interface LogViewLines {
  readonly length: number;
  at(index: number): LogViewLine | undefined;
  /** The key of the line at `index` without describing it: the virtualizer reads every line's key each update. */
  keyAt?(index: number): LogViewLine['key'] | undefined;
}

export interface LogViewProps {
  /** Names the panel for screen readers ("Deploy log", "Logs of web"). */
  label: string;
  lines: LogViewLines;
  /** Shown when there are no lines yet. */
  empty?: ReactNode;
  /** A line before the first, e.g. "120 earlier lines are not kept". */
  note?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  className?: string;
  'data-testid'?: string;
}

/** Shared text colours (renderer/styles/base.css) for a line's tone. */
const LINE_TONE: Record<NonNullable<LogViewLine['tone']>, string | undefined> = { default: undefined, muted: 'muted', accent: 'tone-accent', danger: 'tone-danger' };

/** Within this many pixels of the end counts as "at the end". */
const BOTTOM_SLACK = 8;
/** One line of output (LogView.css: line-height 18px); wrapped lines are measured. */
const LINE_HEIGHT = 18;
/** Lines rendered beyond each edge of the panel, so scrolling finds them already there. */
const OVERSCAN = 20;

/**
 * A scrollable monospace panel for streamed output. It stays at the newest line while the reader is there and
 * leaves them alone once they scroll up (a "Latest" button brings them back). Focusable, so the keyboard can
 * scroll it. Not a live region: a screen reader would read every line; the surrounding view announces states.
 * Only the lines in and near view are in the page (issue 15: 5,000 kept lines were 15,000 DOM nodes), each keyed
 * by its own key, so a line is never shown twice however the list moves under it.
 */
export function LogView({ label, lines, empty, note, size = 'md', className, 'data-testid': testId }: LogViewProps) {
  const panelRef = useRef<HTMLDivElement>(null);
  const linesRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [awayFromEnd, setAwayFromEnd] = useState(false);
  const scrollWindow = useScrollWindow(linesRef, panelOf);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollWindow.scroller,
    estimateSize: () => LINE_HEIGHT,
    getItemKey: (index) => (lines.keyAt ? lines.keyAt(index) : lines.at(index)?.key) ?? index,
    overscan: OVERSCAN,
    scrollMargin: scrollWindow.offset,
  });

  useLayoutEffect(() => {
    const panel = panelRef.current;
    if (panel && following.current && lines.length > 0) {
      // The virtualizer keeps the last line in view while the lines just rendered are measured.
      virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
      panel.scrollTop = panel.scrollHeight;
    }
  }, [lines, virtualizer]);

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
    virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
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
          <div ref={linesRef} className="log-view__lines" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = lines.at(item.index);
              if (line === undefined) return null;
              return (
                <div
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  className={classNames('log-view__line', line.tone !== undefined && LINE_TONE[line.tone])}
                  title={line.title}
                  style={{ transform: `translateY(${item.start - scrollWindow.offset}px)` }}
                >
                  {line.prefix !== undefined && <span className="log-view__prefix">{line.prefix}</span>}
                  <span className="log-view__text">{line.text === '' ? '\u00a0' : line.text}</span>
                </div>
              );
            })}
          </div>
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

const panelOf = (lines: HTMLElement): HTMLElement | null => lines.parentElement;
