/**
 * The images of every stack's services, for the update checks: the active services of each stack Stevedore has a
 * file for, with the image compose would pull, and whether the service opted out with the compose label
 * `dev.stevedore.updates: "false"` (read in stacks/compose-service.ts).
 */
import type { ComposeProject } from '../stacks/reader';
import type { StackImageUse } from './inventory';

export function stackImageUses(stacks: ReadonlyArray<{ id: string; project: ComposeProject }>): StackImageUse[] {
  return stacks.flatMap(({ id, project }) =>
    project.services
      .filter((service) => service.active && service.reference !== undefined)
      .map((service) => ({
        stackId: id,
        project: project.name,
        service: service.name,
        image: service.reference?.familiarReference ?? '',
        optedOut: service.updatesOptOut === true,
      })),
  );
}
