import { useRef, useState } from 'react';
import type { Settings } from '../../preload/api';
import { useAction } from '../bridge';
import { Card, SegmentedControl } from '../components';
import { Checkbox } from '../components/Checkbox';
import { formatDateTime } from '../format';
import { CheckUpdatesButton, UpdatesSummary } from '../updates/CheckUpdatesButton';
import { useUpdatesView } from '../updates/useUpdates';
import '../updates/Updates.css';

type Schedule = Settings['updateSchedule'];

interface Choices {
  schedule: Schedule;
  notify: boolean;
}

const scheduleOptions = [
  { value: 'off', label: 'Off' },
  { value: 'hourly', label: 'Hourly' },
  { value: 'daily', label: 'Daily' },
] as const satisfies ReadonlyArray<{ value: Schedule; label: string }>;

/**
 * Settings → Updates: how often main checks the registries, and whether it says so with a notification. Main keeps
 * the schedule (with its backoff and per-registry minimum interval); this card only stores the choice.
 */
export function UpdatesCard({ initial }: { initial: Settings }) {
  const update = useAction('settings.update');
  // A choice shows at once and stands once main has stored it; writing the settings file (with an fsync) can take a
  // moment on a busy disk, and a control that moved only then would look like it ignored the click.
  const [shown, setShown] = useState<Choices>({ schedule: initial.updateSchedule, notify: initial.updateNotifications });
  const stored = useRef<Choices>(shown);
  const latestSave = useRef(0);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const view = useUpdatesView();

  const save = async (change: Partial<Choices>): Promise<void> => {
    const saveId = ++latestSave.current;
    setSaved(undefined);
    setShown((current) => ({ ...current, ...change }));
    const result = await update.run({
      ...(change.schedule === undefined ? {} : { updateSchedule: change.schedule }),
      ...(change.notify === undefined ? {} : { updateNotifications: change.notify }),
    });
    if (result.ok) stored.current = { schedule: result.value.updateSchedule, notify: result.value.updateNotifications };
    // A later choice is on its way to main: its answer decides what shows.
    if (saveId !== latestSave.current) return;
    // What main stored stands; after a failure that is the choice before (the error says why, below).
    setShown(stored.current);
    if (result.ok) setSaved('Saved.');
  };

  return (
    <Card
      title="Updates"
      description="Stevedore compares each image with its registry, with the image’s own credentials: one HEAD request per repository and tag, which Docker Hub does not count as a pull. Images and stack services with a newer build are marked."
      data-testid="settings-updates"
    >
      <div className="stack">
        <SegmentedControl
          legend="Check automatically"
          options={scheduleOptions}
          value={shown.schedule}
          onChange={(schedule) => void save({ schedule })}
          data-testid="settings-update-schedule"
        />
        <Checkbox
          label="Notify me when new updates are found"
          help="One notification per check that finds something new; none for images already reported."
          checked={shown.notify}
          onChange={(event) => void save({ notify: event.target.checked })}
          data-testid="settings-update-notifications"
        />
        <div className="settings__field-actions">
          <CheckUpdatesButton label="Check now" data-testid="settings-updates-check" />
          <UpdatesSummary />
          <span className="settings__saved" role="status">
            {saved}
          </span>
        </div>
        {shown.schedule !== 'off' && view?.nextCheckAt && (
          <p className="settings__paragraph muted" data-testid="settings-updates-next">
            Next check: {formatDateTime(view.nextCheckAt)}
          </p>
        )}
        {update.error && (
          <p className="update-line update-line--problem" role="alert">
            Could not save: {update.error.message}
          </p>
        )}
      </div>
    </Card>
  );
}
