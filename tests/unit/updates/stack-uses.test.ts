import { describe, expect, it } from 'vitest';
import { parseComposeProject } from '../../../main/core/stacks/reader';
import { stackImageUses } from '../../../main/core/updates/stack-uses';

const yaml = [
  'services:',
  '  web:',
  '    image: reg.example/team/web:1.25',
  '    labels:',
  '      dev.stevedore.updates: "false"',
  '  api:',
  '    image: reg.example/team/api:2',
  '    labels:',
  '      - dev.stevedore.updates=false',
  '  worker:',
  '    image: reg.example/team/api:2',
  '    labels:',
  '      dev.stevedore.updates: "true"',
  '      other: "false"',
  '  db:',
  '    image: postgres:16',
  '  local:',
  '    build: .',
  '',
].join('\n');

describe('stackImageUses', () => {
  it('lists each service with an image, opted out by the label dev.stevedore.updates: "false" (map or list form)', () => {
    const project = parseComposeProject(yaml, { file: '/x/shop/compose.yaml', env: {} });
    expect(stackImageUses([{ id: 'app:shop', project }])).toEqual([
      { stackId: 'app:shop', project: 'shop', service: 'web', image: 'reg.example/team/web:1.25', optedOut: true },
      { stackId: 'app:shop', project: 'shop', service: 'api', image: 'reg.example/team/api:2', optedOut: true },
      { stackId: 'app:shop', project: 'shop', service: 'worker', image: 'reg.example/team/api:2', optedOut: false },
      { stackId: 'app:shop', project: 'shop', service: 'db', image: 'postgres:16', optedOut: false },
    ]);
  });
});
