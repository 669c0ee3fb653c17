import { Fragment } from 'react';

/**
 * An image reference that wraps only after its separators (`/`, `:`, `@`), so a narrow column breaks
 * `registry/team/app:1.0` between its parts rather than inside a name.
 */
export function Reference({ value, className }: { value: string; className?: string }) {
  const parts = value.split(/(?<=[/:@])/);
  return (
    <span className={className ? `mono reference ${className}` : 'mono reference'}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
