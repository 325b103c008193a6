import { dateOfDayIndex, dayIndexOfDate } from '../../common/vn-time.js';
import { namedPeriod } from './period.js';

/**
 * How a plan's periodic report reads "kỳ báo cáo" (plan `reporting.reading`):
 * - `cutoff_14` (the default): the data of a period run from the 15th of the month before it to the 14th of its last
 *   month, and the report is due by the 15th of that month: NĐ 09/2019/NĐ-CP Đ.12 (thời gian chốt số liệu báo cáo
 *   định kỳ) as communes practise it, and the only reading in which the plans' "trước ngày 15 của kỳ báo cáo" falls
 *   inside the period. The report can be made only once the 14th has ended, so "before the 15th" is taken as "by the
 *   15th";
 * - `calendar`: the calendar period, due on the plan's day of the month after it.
 */
export type ReportingReading = 'cutoff_14' | 'calendar';

export interface ReportWindow {
  from: string;
  to: string;
  dueOn: string;
}

const withDay = (month: string, day: number): string => `${month}-${String(day).padStart(2, '0')}`;

/** The data window and due day of a named period (`2026-Q1`, `2026-H1`, `2026`, `2026-03`). */
export function reportWindow(period: string, reading: ReportingReading, dueDay: number): ReportWindow {
  const { from, to } = namedPeriod(period);
  const lastMonth = to.slice(0, 7);
  if (reading === 'calendar') {
    const nextMonth = dateOfDayIndex(dayIndexOfDate(to) + 1).slice(0, 7);
    return { from, to, dueOn: withDay(nextMonth, dueDay) };
  }
  const monthBefore = dateOfDayIndex(dayIndexOfDate(from) - 1).slice(0, 7);
  return { from: withDay(monthBefore, 15), to: withDay(lastMonth, 14), dueOn: withDay(lastMonth, dueDay) };
}
