import type { EngineProbe } from '../../preload/api';
import { Badge } from '../components';

/** One engine's brief look from main's probe (engine.probe): reachable, version, OS/arch and Swarm role. */
export function EngineProbeLine({ probe }: { probe: EngineProbe | undefined }) {
  if (!probe) return null;
  if (!probe.reachable) {
    return (
      <span className="engine-choice__detail" data-testid={`engine-probe-${probe.id}`}>
        <Badge tone="danger">Unreachable</Badge> {probe.reason}
      </span>
    );
  }
  return (
    <span className="engine-choice__detail" data-testid={`engine-probe-${probe.id}`}>
      <Badge tone="success">Reachable</Badge> {[probe.version && `Engine ${probe.version}`, probe.os && probe.arch && `${probe.os}/${probe.arch}`].filter(Boolean).join(' · ')}
      {probe.swarmManager && (
        <>
          {' '}
          <Badge tone="accent">Swarm manager</Badge>
        </>
      )}
    </span>
  );
}
