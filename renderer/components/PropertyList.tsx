import type { ReactNode } from 'react';
import { classNames } from './classNames';
import './PropertyList.css';

export interface Property {
  label: ReactNode;
  value: ReactNode;
  /** Put on the value, for tests. */
  testId?: string;
  /** Render the value in monospace (addresses, versions, ids). */
  mono?: boolean;
}

export interface PropertyListProps {
  items: ReadonlyArray<Property | false | null | undefined>;
  className?: string;
}

/** Label/value pairs as a definition list, labels in one column. Falsy items are skipped. */
export function PropertyList({ items, className }: PropertyListProps) {
  return (
    <dl className={classNames('properties', className)}>
      {items.map((item, index) =>
        item ? (
          <div key={index} className="properties__row">
            <dt className="properties__label">{item.label}</dt>
            <dd className={classNames('properties__value', item.mono && 'properties__value--mono')} data-testid={item.testId}>
              {item.value}
            </dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}
