import type { RecurrenceResolvers, Weekday } from '../__generated__/resolvers-types.ts';
import { orNull } from '../graphql/values.ts';

const WEEKDAYS: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7]);

/** How a recurring meeting repeats: the parent is Zoom's `recurrence` object. */
export const Recurrence: RecurrenceResolvers = {
  type: (recurrence) => recurrence.type,
  repeatInterval: (recurrence) => orNull(recurrence.repeat_interval),
  // Zoom writes weekly days as a comma-separated string of 1 (Sunday) to 7 (Saturday), e.g. "2,4".
  weeklyDays: (recurrence) =>
    (recurrence.weekly_days ?? '')
      .split(',')
      .map((day) => Number(day.trim()))
      .filter((day): day is Weekday => WEEKDAYS.has(day)),
  monthlyDay: (recurrence) => orNull(recurrence.monthly_day),
  monthlyWeek: (recurrence) => orNull(recurrence.monthly_week),
  monthlyWeekDay: (recurrence) => orNull(recurrence.monthly_week_day),
  endTimes: (recurrence) => orNull(recurrence.end_times),
  endDateTime: (recurrence) => orNull(recurrence.end_date_time),
};
