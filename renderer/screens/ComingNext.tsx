import type { ReactNode } from 'react';
import { Badge, EmptyState } from '../components';
import './ComingNext.css';

export interface ComingNextProps {
  icon: ReactNode;
  /** One sentence that says plainly what the screen will do. */
  summary: string;
  /** The main things it will do, a few words each. */
  plans: readonly string[];
}

/** Stands in for a screen that is not built yet, saying what it will be. Deleted once every screen exists. */
export function ComingNext({ icon, summary, plans }: ComingNextProps) {
  return (
    <EmptyState icon={icon} title={<Badge tone="accent">Coming next</Badge>} data-testid="coming-next">
      <p>{summary}</p>
      <ul className="coming-next__plans">
        {plans.map((plan) => (
          <li key={plan}>{plan}</li>
        ))}
      </ul>
    </EmptyState>
  );
}
