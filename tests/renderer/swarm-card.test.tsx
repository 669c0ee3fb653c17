import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SwarmCard } from '../../renderer/stacks/SwarmCard';
import { startSwarmWorld, type FakeSwarmService } from './swarm-world';

// Main runs the docker CLI (a script here) as a real process: a busy machine takes its time over it.
const answered = { timeout: 10_000 };

const web = (): FakeSwarmService => ({ id: 'svc-web', service: 'web', image: 'nginx:1.27', replicas: 2, running: 2, logs: 'listening on :80\nGET / 200\n' });
const agent = (): FakeSwarmService => ({ id: 'svc-agent', service: 'agent', image: 'busybox:1.36', running: 3 });
const api = (): FakeSwarmService => ({ id: 'svc-api', service: 'api', image: 'busybox:1.36', replicas: 2, running: 0, taskError: 'task: non-zero exit (1)' });

/**
 * The card's own refresh timer, held: it runs when a test says, so what a test sees after an action comes from the
 * action, not from a refresh that happened to fire meanwhile.
 */
let refreshes: Array<() => void> = [];
beforeEach(() => {
  refreshes = [];
  const realSetInterval = globalThis.setInterval.bind(globalThis);
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((callback: () => void, delay?: number) =>
    delay !== undefined && delay >= 1000 ? refreshes.push(callback) : realSetInterval(callback, delay)) as never);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The row of the service named `service` in the compose file. */
async function row(service: string): Promise<HTMLTableRowElement> {
  return waitFor(() => {
    const found = screen.getAllByTestId('swarm-row').find((candidate) => candidate.dataset.service === service);
    if (!found) throw new Error(`no row for ${service}`);
    return found as HTMLTableRowElement;
  }, answered);
}

describe('the Swarm card, over the real bridge and core with a Swarm manager at the engine boundary', () => {
  it('lists the stack’s services with replicas running of wanted, mode and image; a service short of replicas shows its newest task error', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: true, services: [web(), agent(), api()] });
    render(<SwarmCard stackId={world.stackId} />);
    const table = await screen.findByRole('table', { name: 'Swarm services of shop' }, answered);
    expect(within(table).getAllByTestId('swarm-row').map((found) => [found.dataset.service, within(found).getByTestId('swarm-replicas').textContent])).toEqual([
      ['agent', '3/3 running'],
      ['api', '0/2 running'],
      ['web', '2/2 running'],
    ]);
    const agentRow = within(await row('agent'));
    expect(agentRow.getByText('global')).toBeTruthy();
    // A global service runs one task per node: nothing to scale.
    expect(agentRow.queryByRole('spinbutton')).toBeNull();
    expect(within(await row('web')).getByText('nginx:1.27')).toBeTruthy();

    const detail = (await row('api')).nextElementSibling as HTMLElement;
    const error = within(within(detail).getByRole('alert'));
    // main explains the task error in the catalogue's words, with the engine's own in the detail.
    expect(error.getByRole('heading').textContent).toBe('The engine reported an error');
    expect(error.getByTestId('error-fix').textContent).toBe('Read the engine’s message; if it mentions the registry, check its address and credentials.');
    expect(error.getByTestId('error-detail').textContent).toBe('task: non-zero exit (1)');
    // The services that run all their replicas have no error row.
    expect((await row('web')).nextElementSibling).toBeNull();
    expect(screen.getByRole('button', { name: 'Deploy to Swarm again' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Remove from Swarm' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('reads the services again on its own while open: replicas that changed elsewhere show up', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: true, services: [web()] });
    render(<SwarmCard stackId={world.stackId} />);
    expect(within(await row('web')).getByTestId('swarm-replicas').textContent).toBe('2/2 running');
    expect(refreshes).toHaveLength(1);
    (world.services[0] as FakeSwarmService).running = 1;
    act(() => refreshes[0]?.());
    await waitFor(() => expect(within(screen.getByTestId('swarm-row')).getByTestId('swarm-replicas').textContent).toBe('1/2 running'), answered);
  });

  it('not deployed: says so, Remove is off, and Deploy (keyboard) runs docker stack deploy with the stack’s file, then lists the services', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: false, services: [web()] });
    render(<SwarmCard stackId={world.stackId} />);
    await screen.findByText('Not deployed to this Swarm.', undefined, answered);
    expect((screen.getByRole('button', { name: 'Remove from Swarm' }) as HTMLButtonElement).disabled).toBe(true);

    const user = userEvent.setup({ delay: null });
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Deploy to Swarm' }));
    await user.keyboard('{Enter}');
    await screen.findByRole('table', { name: 'Swarm services of shop' }, answered);
    expect(world.cliRuns()).toEqual([expect.stringMatching(/^stack deploy --with-registry-auth -c \S+compose\.yaml shop$/)]);
    expect(screen.getByRole('button', { name: 'Deploy to Swarm again' })).toBeTruthy();
  });

  it('Remove asks first, from the keyboard: Cancel (or Esc) runs nothing and gives focus back; confirmed, docker stack rm runs and the card goes back to not deployed', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: true, services: [web()] });
    render(<SwarmCard stackId={world.stackId} />);
    await row('web');
    const runsBefore = world.cliRuns().length;
    const remove = screen.getByRole('button', { name: 'Remove from Swarm' });
    const user = userEvent.setup({ delay: null });

    remove.focus();
    await user.keyboard('{Enter}');
    const dialog = within(await screen.findByRole('dialog', { name: 'Remove “shop” from the Swarm?' }));
    expect(dialog.getByText(/services, networks, configs and secrets of the Swarm stack/).textContent).toContain('shop');
    // The safe choice has focus: a stray Enter removes nothing.
    expect(document.activeElement).toBe(dialog.getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(remove);

    await user.keyboard('{Enter}');
    // Esc: the browser fires `cancel` on the modal dialog (happy-dom does not, so the test does).
    fireEvent(await screen.findByRole('dialog', { name: 'Remove “shop” from the Swarm?' }), new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(world.cliRuns().length).toBe(runsBefore);
    expect(screen.getAllByTestId('swarm-row')).toHaveLength(1);

    await user.keyboard('{Enter}');
    const confirm = within(await screen.findByRole('dialog', { name: 'Remove “shop” from the Swarm?' })).getByRole('button', { name: 'Remove from Swarm' });
    confirm.focus();
    await user.keyboard('{Enter}');
    await screen.findByText('Not deployed to this Swarm.', undefined, answered);
    expect(world.cliRuns().slice(runsBefore)).toEqual(['stack rm shop']);
    expect(screen.queryByRole('dialog')).toBeNull();
    // Remove is off now: the keyboard carries on from Deploy rather than from nowhere.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Deploy to Swarm' })));
  });

  it('the card’s refresh shows the stack gone while the removal still waits for its tasks: when it ends, focus goes to Deploy', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: true, services: [web()], cliSeconds: 1 });
    render(<SwarmCard stackId={world.stackId} />);
    await row('web');
    const user = userEvent.setup({ delay: null });
    screen.getByRole('button', { name: 'Remove from Swarm' }).focus();
    await user.keyboard('{Enter}');
    const confirm = within(await screen.findByRole('dialog', { name: 'Remove “shop” from the Swarm?' })).getByRole('button', { name: 'Remove from Swarm' });
    confirm.focus();
    await user.keyboard('{Enter}');
    // The services are gone at once (docker stack rm acted); the CLI has not returned yet.
    await waitFor(() => expect(world.cliRuns().at(-1)).toBe('stack rm shop'), answered);
    act(() => refreshes[0]?.());
    await screen.findByText('Not deployed to this Swarm.', undefined, answered);
    // The dialog stays, saying what it waits for.
    expect(within(screen.getByRole('dialog')).getByRole('status').textContent).toMatch(/^Waiting for the tasks to stop: Swarm gives each one its stop_grace_period/);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), answered);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Deploy to Swarm' })));
  });

  it('a removal that fails says why in the dialog, which stays open until Cancel; the services stay listed', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: true, services: [web()], cli: false });
    render(<SwarmCard stackId={world.stackId} />);
    await row('web');
    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('button', { name: 'Remove from Swarm' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Remove “shop” from the Swarm?' }));
    await user.click(dialog.getByRole('button', { name: 'Remove from Swarm' }));
    const heading = await dialog.findByRole('heading', { name: 'Could not remove the Swarm stack' }, answered);
    expect(heading.closest('section')?.querySelector('[data-testid="error-cause"]')?.textContent).toMatch(/docker CLI \(docker\) was not found.*Settings → Tools/);
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getAllByTestId('swarm-row')).toHaveLength(1);
  });

  it('scales a replicated service from the keyboard; a count outside 0–100 cannot be sent', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: true, services: [web()] });
    render(<SwarmCard stackId={world.stackId} />);
    const found = within(await row('web'));
    const replicas = found.getByRole('spinbutton', { name: 'Replicas of web' });
    const scale = found.getByRole('button', { name: 'Scale' }) as HTMLButtonElement;
    expect((replicas as HTMLInputElement).value).toBe('2');
    const user = userEvent.setup({ delay: null });
    await user.clear(replicas);
    expect(scale.disabled).toBe(true);
    await user.type(replicas, '101');
    expect(scale.disabled).toBe(true);
    await user.clear(replicas);
    await user.type(replicas, '5');
    expect(scale.disabled).toBe(false);
    await user.tab();
    expect(document.activeElement).toBe(scale);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(screen.getByTestId('swarm-row')).getByTestId('swarm-replicas').textContent).toBe('5/5 running'), answered);
    expect(world.updates).toEqual([{ id: 'svc-web', replicas: 5 }]);
  });

  it('Update forces new tasks with docker service update; Logs shows the service’s last lines', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: true, services: [web()] });
    render(<SwarmCard stackId={world.stackId} />);
    const found = within(await row('web'));
    const user = userEvent.setup({ delay: null });
    await user.click(found.getByRole('button', { name: 'Update' }));
    await waitFor(() => expect(world.cliRuns().at(-1)).toBe('service update --force --with-registry-auth --detach -- svc-web'), answered);

    await user.click(found.getByRole('button', { name: 'Logs' }));
    const log = await screen.findByRole('log', { name: 'Logs of web' }, answered);
    expect(log.dataset.lines).toBe('2');
  });

  it('a service removed meanwhile: the action says what happened and what to do', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: true, services: [web()] });
    render(<SwarmCard stackId={world.stackId} />);
    const found = within(await row('web'));
    world.services.splice(0);
    await userEvent.setup({ delay: null }).click(found.getByRole('button', { name: 'Logs' }));
    const alert = await screen.findByRole('heading', { name: 'Could not act on web' }, answered);
    expect(alert.closest('section')?.querySelector('[data-testid="error-cause"]')?.textContent).toBe(
      'That service is not part of the Swarm stack shop (label com.docker.stack.namespace) any more. Refresh the stack.',
    );
  });

  it('an engine that is not a manager, or no docker CLI: Deploy says why it could not, and what to do', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: false, services: [web()], cli: false });
    world.engine.manager = false;
    render(<SwarmCard stackId={world.stackId} />);
    await screen.findByText('Not deployed to this Swarm.', undefined, answered);
    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('button', { name: 'Deploy to Swarm' }));
    const notManager = await screen.findByRole('heading', { name: 'Could not deploy to Swarm' }, answered);
    expect(notManager.closest('section')?.querySelector('[data-testid="error-cause"]')?.textContent).toMatch(/not a Swarm manager.*Switch to a manager of the Swarm \(or run docker swarm init there\)/);

    world.engine.manager = true;
    await user.click(screen.getByRole('button', { name: 'Deploy to Swarm' }));
    await waitFor(
      () => expect(screen.getByRole('heading', { name: 'Could not deploy to Swarm' }).closest('section')?.querySelector('[data-testid="error-cause"]')?.textContent).toMatch(/docker CLI \(docker\) was not found.*Install the docker CLI, or set its path in Settings → Tools/),
      answered,
    );
    expect(world.cliRuns()).toEqual([]);
  });

  it('an engine that does not answer: the card says it could not read the services, with main’s reason', { timeout: 30_000 }, async () => {
    const world = await startSwarmWorld({ deployed: true, services: [web()] });
    world.engine.refusing = true;
    render(<SwarmCard stackId={world.stackId} />);
    const heading = await screen.findByRole('heading', { name: 'Could not read the Swarm services' }, answered);
    const answer = await world.bridge.invoke('swarm.services', { id: world.stackId });
    if (answer.ok) throw new Error('main answered swarm.services from an engine that refuses every call');
    expect(heading.closest('section')?.querySelector('[data-testid="error-cause"]')?.textContent).toBe(answer.error.message);
    expect(screen.queryByRole('table')).toBeNull();
  });
});
