/**
 * The compose projects an integration test starts, removed on every path the test can take, a timeout included: in
 * session 7 a test of tests/integration/updates.test.ts timed out with its project `updates-<id>` running, its
 * `finally` never ran, and the project held an image that broke the next benchmark run. vitest runs a test's
 * `onTestFinished` callbacks after it passed, failed or timed out; the suite's `afterAll` then fails loudly, naming
 * them, if any project of the suite is still on the engine (a compose process the timed-out test left running may
 * have created it after the test's own clean-up), and removes them.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import { onTestFinished } from 'vitest';

const FILTERS = { label: ['com.docker.compose.project'] };

/** The compose project a container, network or volume belongs to, if it belongs to one `belongs` accepts. */
function projectOf(labels: Record<string, string> | null | undefined, belongs: (project: string) => boolean): string | undefined {
  const project = labels?.['com.docker.compose.project'];
  return project !== undefined && belongs(project) ? project : undefined;
}

/** Removes every container, network and volume of the projects `belongs` accepts; returns the projects that had containers. */
export async function removeComposeProjects(docker: Docker, belongs: (project: string) => boolean): Promise<string[]> {
  const found = new Set<string>();
  for (const container of await docker.listContainers({ all: true, filters: FILTERS })) {
    const project = projectOf(container.Labels, belongs);
    if (project === undefined) continue;
    found.add(project);
    await docker.getContainer(container.Id).remove({ force: true }).catch(() => undefined);
  }
  for (const network of await docker.listNetworks({ filters: FILTERS })) {
    if (projectOf(network.Labels, belongs) !== undefined) await docker.getNetwork(network.Id).remove().catch(() => undefined);
  }
  for (const volume of (await docker.listVolumes({ filters: FILTERS })).Volumes ?? []) {
    if (projectOf(volume.Labels, belongs) !== undefined) await docker.getVolume(volume.Name).remove().catch(() => undefined);
  }
  return [...found].sort();
}

/**
 * The compose projects on the engine whose project folder (Compose's `working_dir` label) lies in one of `folders`:
 * an app's data folder holds the stacks written in it (tests/e2e/setup.ts).
 */
export async function composeProjectsIn(docker: Docker, folders: readonly string[]): Promise<Set<string>> {
  const projects = new Set<string>();
  for (const container of await docker.listContainers({ all: true, filters: FILTERS })) {
    const workingDir = container.Labels?.['com.docker.compose.project.working_dir'];
    const project = projectOf(container.Labels, () => workingDir !== undefined && folders.some((folder) => isInside(workingDir, folder)));
    if (project !== undefined) projects.add(project);
  }
  return projects;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** Called in a test that starts compose projects: they are removed when it ends, however it ends. */
export function removeComposeProjectsWhenTestEnds(docker: Docker, belongs: (project: string) => boolean): void {
  // Its own limit: a busy engine may take a while to stop containers, and the hook must not outlive the suite.
  onTestFinished(async () => {
    await removeComposeProjects(docker, belongs);
  }, 60_000);
}

/** For the suite's `afterAll`, after its own clean-up: throws, naming them, when projects it started are still there. */
export async function expectNoComposeProjectsLeft(docker: Docker, belongs: (project: string) => boolean, suite: string): Promise<void> {
  const left = await removeComposeProjects(docker, belongs);
  if (left.length > 0) {
    throw new Error(
      `${suite} left compose project${left.length === 1 ? '' : 's'} running on the bench engine: ${left.join(', ')} (removed now). ` +
        'A test that starts a project must remove it however it ends: call removeComposeProjectsWhenTestEnds (tests/support/compose-projects.ts) in it.',
    );
  }
}
