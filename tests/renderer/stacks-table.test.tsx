import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ServiceCell, StacksTable } from '../../renderer/stacks/StacksTable';

describe('the stacks table', () => {
  it('is a captioned table with a column header per column and each service as its row header; stale dims it', () => {
    const { rerender } = render(
      <StacksTable caption="Services of shop" columns={['Service', 'State']} className="services-table" data-testid="service-table">
        <tr>
          <ServiceCell name="web">
            <span>replicated</span>
          </ServiceCell>
          <td>running</td>
        </tr>
      </StacksTable>,
    );
    const table = screen.getByRole('table', { name: 'Services of shop' });
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Service', 'State']);
    expect(within(table).getByRole('rowheader').textContent).toBe('webreplicated');
    expect(table.className).toBe('flush-table stacks-table services-table');

    rerender(
      <StacksTable caption="Services of shop" columns={['Service']} stale>
        <tr>
          <ServiceCell name="web" />
        </tr>
      </StacksTable>,
    );
    expect(screen.getByRole('table').classList.contains('stacks-table--stale')).toBe(true);
  });
});
