import { describe, expect, it } from 'vitest';
import { DueSchedule } from '../../server/realtime/dueSchedule.ts';

// The TV heartbeat's schedule (server/realtime/dueSchedule.ts): each tick hands out only what is
// due by then, earliest first, each item once.

const item = (name: string) => ({ name, dueTick: -1 });
const names = (items: Array<{ name: string }>) => items.map((each) => each.name);

describe('DueSchedule', () => {
  it('hands out items when their time comes, earliest first, and each only once', () => {
    const schedule = new DueSchedule<ReturnType<typeof item>>(100, 0);
    const [a, b, c] = [item('a'), item('b'), item('c')];
    schedule.schedule(c, 950);
    schedule.schedule(a, 120);
    schedule.schedule(b, 480);
    expect(names(schedule.takeDue(99))).toEqual([]);
    expect(names(schedule.takeDue(500))).toEqual(['a', 'b']);
    expect(names(schedule.takeDue(500))).toEqual([]);
    expect(schedule.size).toBe(1);
    expect(names(schedule.takeDue(1_000))).toEqual(['c']);
    expect(schedule.size).toBe(0);
  });

  it('moves an item scheduled again, forgets a removed one, and makes a past time due at the next take', () => {
    const schedule = new DueSchedule<ReturnType<typeof item>>(100, 1_000);
    const [a, b] = [item('a'), item('b')];
    schedule.schedule(a, 1_200);
    schedule.schedule(a, 1_900);
    schedule.schedule(b, 1_300);
    schedule.remove(b);
    expect(names(schedule.takeDue(1_500))).toEqual([]);
    expect(names(schedule.takeDue(1_950))).toEqual(['a']);
    schedule.schedule(b, 10);
    expect(names(schedule.takeDue(1_960))).toEqual(['b']);
  });

  it('after a long pause hands out everything overdue in order without walking every tick', () => {
    const schedule = new DueSchedule<ReturnType<typeof item>>(1, 0);
    const [a, b] = [item('a'), item('b')];
    schedule.schedule(b, 5_000_000);
    schedule.schedule(a, 10);
    expect(names(schedule.takeDue(1e12))).toEqual(['a', 'b']);
  });
});
