import { useMemo, useState } from 'react';
import { Button, Card, RefreshIcon } from '../components';
import { Checkbox } from '../components/Checkbox';
import { LogView, type LogViewLine, type LogViewLines } from '../components/LogView';
import { SelectField } from '../components/SelectField';
import { formatDateTime } from '../format';
import type { LogEntry } from './logBuffer';
import { plural } from './stackText';
import { useLogStream } from './useLogStream';
import './LogsCard.css';

export interface LogsCardProps {
  stackId: string;
  /** Services to choose from, those with containers first. */
  services: readonly string[];
}

const TAIL_OPTIONS = [
  { value: '50', label: 'Last 50 lines' },
  { value: '200', label: 'Last 200 lines' },
  { value: '1000', label: 'Last 1,000 lines' },
  { value: '5000', label: 'Last 5,000 lines' },
];

/** One service's logs, streamed from main: the last N lines, then new ones while following. */
export function LogsCard({ stackId, services }: LogsCardProps) {
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [tail, setTail] = useState('200');
  const [follow, setFollow] = useState(true);
  // A choice that disappeared (the service was removed from the file) falls back to the first service.
  const service = chosen !== undefined && services.includes(chosen) ? chosen : services[0];
  const stream = useLogStream(service === undefined ? undefined : { stackId, service, tail: Number(tail), follow });

  // Several containers (replicas, or a replaced one) share the panel: then each line says which.
  const manyContainers = stream.lines.manyContainers;
  // Each line is described once, when the panel first reads it (it reads only the lines in and near view, and their
  // keys): a frame of a log flood costs its new lines, not the 5,000 kept (issue 18).
  const described = useMemo(() => new DescribedLines(manyContainers), [manyContainers]);
  const lines = useMemo<LogViewLines>(() => {
    const { length } = stream.lines;
    return {
      length,
      at: (index) => {
        const entry = stream.lines.at(index);
        return entry && described.of(entry);
      },
      keyAt: (index) => stream.lines.at(index)?.seq,
    };
  }, [stream.lines, described]);

  const state = stream.startFailure
    ? `Could not read the logs: ${stream.startFailure.message}`
    : stream.error
      ? stream.error
      : stream.ended
        ? follow
          ? 'The stream ended.'
          : `Showing ${plural(stream.lines.length, 'line')}; not following.`
        : follow
          ? 'Following new lines.'
          : 'Reading…';

  return (
    <Card
      title="Logs"
      headingLevel={3}
      actions={
        <Button size="sm" variant="ghost" icon={<RefreshIcon size={14} />} onClick={stream.restart} disabled={service === undefined}>
          Read again
        </Button>
      }
    >
      <div className="logs">
        <div className="logs__controls">
          <SelectField
            label="Service"
            value={service ?? ''}
            onValueChange={setChosen}
            options={services.map((name) => ({ value: name, label: name }))}
            disabled={services.length === 0}
            data-testid="logs-service"
          />
          <SelectField label="Start with" value={tail} onValueChange={setTail} options={TAIL_OPTIONS} data-testid="logs-tail" />
          <Checkbox label="Follow" checked={follow} onChange={(event) => setFollow(event.target.checked)} className="logs__follow" data-testid="logs-follow" />
        </div>
        <p className={stream.startFailure || stream.error ? 'logs__state logs__state--problem' : 'logs__state'} role="status">
          {state}
        </p>
        <LogView
          label={service ? `Logs of ${service}` : 'Logs'}
          lines={lines}
          size="lg"
          note={stream.dropped > 0 ? `${plural(stream.dropped, 'earlier line')} dropped from this view` : undefined}
          empty={service === undefined ? 'This stack has no services.' : stream.ended ? 'No output.' : 'Waiting for output…'}
          data-testid="logs-panel"
        />
      </div>
    </Card>
  );
}

/** Each log line as the panel shows it, built once per line (its time formatted once) and kept while the line is. */
class DescribedLines {
  private readonly described = new WeakMap<LogEntry, LogViewLine>();

  constructor(private readonly manyContainers: boolean) {}

  of(entry: LogEntry): LogViewLine {
    let line = this.described.get(entry);
    if (line === undefined) {
      line = {
        key: entry.seq,
        text: entry.text,
        ...(this.manyContainers ? { prefix: entry.container } : {}),
        ...(entry.time ? { title: `${formatDateTime(entry.time)} · ${entry.container} · ${entry.stream}` } : {}),
      };
      this.described.set(entry, line);
    }
    return line;
  }
}
