import type { ReactNode } from 'react';
import { classNames } from '../components/classNames';
import './StacksTable.css';

export interface StacksTableProps {
  /** What the table lists, for screen readers (the card's heading already says it on screen). */
  caption: ReactNode;
  /** The column headings, left to right. */
  columns: readonly string[];
  className?: string;
  /** Dimmed while its content is being checked again. */
  stale?: boolean;
  'data-testid'?: string;
  /** The rows, each starting with a ServiceCell. */
  children: ReactNode;
}

/** The one table of the Stacks screen (preflight, services, Swarm services, deploy results): a row per service. */
export function StacksTable({ caption, columns, className, stale = false, 'data-testid': testId, children }: StacksTableProps) {
  return (
    <table className={classNames('flush-table stacks-table', className, stale && 'stacks-table--stale')} data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The first cell of a row: the service's name, as the row's header, with what else names it (a secondary line). */
export function ServiceCell({ name, children }: { name: string; children?: ReactNode }) {
  return (
    <th scope="row" className="stacks-table__service">
      {name}
      {children}
    </th>
  );
}
