import type { ComposeProblemView } from '../../preload/api';
import { AlertIcon, InfoIcon, classNames } from '../components';
import type { CodeEditorMark } from '../components/CodeEditor';
import './StacksTable.css';
import './ProblemList.css';

export interface ProblemListProps {
  problems: readonly ComposeProblemView[];
  /** Moves the editor's caret to the problem; problems without a line are not clickable. */
  onReveal?: (line: number, column: number | undefined) => void;
  /** Where in the file the problems were found, for the list's name. */
  label: string;
  stale?: boolean;
  'data-testid'?: string;
  itemTestId?: string;
}

/**
 * Every one of main's problems with a compose file, errors first, each with its place (line:column) when it has
 * one. Within a severity, main's order is kept: it puts the most likely cause of a broken file first.
 */
export function ProblemList({ problems, onReveal, label, stale = false, 'data-testid': testId, itemTestId }: ProblemListProps) {
  const sorted = [...problems].sort((a, b) => severityRank(a) - severityRank(b));
  return (
    <ul className={classNames('stacks-boxed-list', 'problem-list', stale && 'problem-list--stale')} aria-label={label} data-testid={testId}>
      {sorted.map((problem, index) => {
        const place = problem.line !== undefined ? `${problem.line}${problem.column !== undefined ? `:${problem.column}` : ''}` : undefined;
        const content = (
          <>
            {problem.severity === 'error' ? <AlertIcon size={14} className="problem-list__icon" /> : <InfoIcon size={14} className="problem-list__icon" />}
            <span className="visually-hidden">{problem.severity === 'error' ? 'Error' : 'Warning'}: </span>
            {place && (
              <span className="problem-list__place mono tabular">
                <span className="visually-hidden">line </span>
                {place}
              </span>
            )}
            <span className="problem-list__message">
              {problem.message}
              {problem.service && !problem.message.includes(problem.service) && <span className="muted"> (service {problem.service})</span>}
            </span>
          </>
        );
        const line = problem.line;
        return (
          <li
            key={`${problem.code}-${index}`}
            className={classNames('problem-list__item', `problem-list__item--${problem.severity}`)}
            data-testid={itemTestId}
            data-line={line}
            data-severity={problem.severity}
            data-code={problem.code}
          >
            {onReveal && line !== undefined ? (
              <button type="button" className="problem-list__button" onClick={() => onReveal(line, problem.column)} title={`Go to line ${place ?? line}`}>
                {content}
              </button>
            ) : (
              <div className="problem-list__static">{content}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function severityRank(problem: ComposeProblemView): number {
  return problem.severity === 'error' ? 0 : 1;
}

/** Gutter marks for the lines problems point at (an error wins over a warning on the same line). */
export function problemMarks(problems: readonly ComposeProblemView[]): Map<number, CodeEditorMark> {
  const marks = new Map<number, CodeEditorMark>();
  for (const problem of problems) {
    if (problem.line === undefined) continue;
    if (marks.get(problem.line) !== 'error') marks.set(problem.line, problem.severity);
  }
  return marks;
}
