import type { StackLogBatch } from '../../preload/api';

type LogLine = StackLogBatch['lines'][number];

export interface LogEntry extends LogLine {
  /** Position in the stream, stable across dropping: a React key. */
  seq: number;
}

/** What a render reads: the kept lines, oldest first, each found by its index without copying the buffer. */
export interface LogLines {
  readonly length: number;
  at(index: number): LogEntry | undefined;
  /** More than one container among the kept lines (replicas, or a replaced container): then each line says which. */
  readonly manyContainers: boolean;
}

export const NO_LOG_LINES: LogLines = { length: 0, at: () => undefined, manyContainers: false };

/**
 * The lines of one log view, bounded: appending a batch costs the batch (issue 18: a frame's batch at 2,000 lines/s
 * used to copy and re-describe all 5,000 kept lines). Lines are never reordered or repeated; the oldest are dropped
 * past the bound and counted. Each `view()` is a fresh object (React sees a change) over the same storage.
 */
export class LogBuffer {
  /** Kept lines from `entries[start]` on; the dropped ones before it are cut away once they outnumber the bound. */
  private entries: LogEntry[] = [];
  private start = 0;
  private nextSeq = 0;
  private droppedCount = 0;
  /** Kept lines per container, so "more than one container" follows the lines dropped too. */
  private readonly perContainer = new Map<string, number>();

  constructor(private readonly limit: number) {}

  get dropped(): number {
    return this.droppedCount;
  }

  append(lines: readonly LogLine[]): void {
    for (const line of lines) {
      this.entries.push({ ...line, seq: this.nextSeq++ });
      this.perContainer.set(line.container, (this.perContainer.get(line.container) ?? 0) + 1);
    }
    while (this.entries.length - this.start > this.limit) this.dropOldest();
    if (this.start > this.limit) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }

  view(): LogLines {
    const entries = this.entries;
    const first = this.start;
    const length = entries.length - first;
    return { length, at: (index) => (index >= 0 && index < length ? entries[first + index] : undefined), manyContainers: this.perContainer.size > 1 };
  }

  private dropOldest(): void {
    const oldest = this.entries[this.start];
    if (oldest === undefined) return;
    this.start += 1;
    this.droppedCount += 1;
    const left = (this.perContainer.get(oldest.container) ?? 1) - 1;
    if (left === 0) this.perContainer.delete(oldest.container);
    else this.perContainer.set(oldest.container, left);
  }
}
