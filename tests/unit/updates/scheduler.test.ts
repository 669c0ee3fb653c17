import { describe, expect, it } from 'vitest';
import type { UpdateSchedule } from '../../../preload/api';
import { UpdateScheduler, type Timers } from '../../../main/core/updates/scheduler';

const HOUR = 60 * 60_000;

/** Timers run by hand: `fire` runs the one pending callback and waits for the run it starts. */
function manualTimers() {
  const pending: Array<{ callback: () => void; ms: number }> = [];
  const timers: Timers = {
    set: (callback, ms) => {
      const entry = { callback, ms };
      pending.push(entry);
      return entry;
    },
    clear: (handle) => {
      const index = pending.indexOf(handle as (typeof pending)[number]);
      if (index >= 0) pending.splice(index, 1);
    },
  };
  return { timers, pending };
}

function setup(schedule: UpdateSchedule, outcomes: boolean[]) {
  const { timers, pending } = manualTimers();
  let setting = schedule;
  let runs = 0;
  let settle: () => void = () => undefined;
  const scheduler = new UpdateScheduler({
    schedule: () => setting,
    run: async () => {
      runs += 1;
      const problems = outcomes.shift() ?? false;
      queueMicrotask(() => settle());
      return { problems };
    },
    timers,
    now: () => 0,
  });
  const fire = async () => {
    const next = pending.shift();
    if (next === undefined) throw new Error('nothing planned');
    const done = new Promise<void>((resolve) => (settle = resolve));
    next.callback();
    await done;
    await Promise.resolve();
  };
  return { scheduler, pending, fire, runs: () => runs, set: (value: UpdateSchedule) => (setting = value) };
}

describe('UpdateScheduler', () => {
  it('plans nothing when the schedule is off', () => {
    const { scheduler, pending } = setup('off', []);
    scheduler.plan();
    expect(pending).toEqual([]);
    expect(scheduler.nextAt).toBeUndefined();
  });

  it('runs hourly, and backs off (doubling) after runs with registry problems, back to hourly after a clean one', async () => {
    const { scheduler, pending, fire, runs } = setup('hourly', [true, true, false]);
    scheduler.plan();
    expect(pending.map((entry) => entry.ms)).toEqual([HOUR]);
    await fire();
    expect(pending.map((entry) => entry.ms)).toEqual([2 * HOUR]);
    await fire();
    expect(pending.map((entry) => entry.ms)).toEqual([4 * HOUR]);
    await fire();
    expect(pending.map((entry) => entry.ms)).toEqual([HOUR]);
    expect(runs()).toBe(3);
  });

  it('never waits more than a day, and follows the setting when planned again', async () => {
    const { scheduler, pending, fire, set } = setup('daily', [true]);
    scheduler.plan();
    await fire();
    expect(pending.map((entry) => entry.ms)).toEqual([24 * HOUR]);
    set('off');
    scheduler.plan();
    expect(pending).toEqual([]);
  });
});
