import { describe, expect, it } from 'vitest';
import { reportWindow } from './reporting-window.js';

describe('the data window and due day of a periodic report (issue 24; plan reporting.reading)', () => {
  // [case, period, reading, due day, from, to, due]
  const cases: [string, string, 'cutoff_14' | 'calendar', number, string, string, string][] = [
    [
      'a quarter, NĐ 09/2019 Đ.12 cut-off: 15/12 – 14/3, due by 15/3 ("trước ngày 15 của kỳ báo cáo")',
      '2026-Q1',
      'cutoff_14',
      15,
      '2025-12-15',
      '2026-03-14',
      '2026-03-15',
    ],
    ['six months, cut-off', '2026-H1', 'cutoff_14', 15, '2025-12-15', '2026-06-14', '2026-06-15'],
    ['the year, cut-off', '2026', 'cutoff_14', 15, '2025-12-15', '2026-12-14', '2026-12-15'],
    ['a month, cut-off', '2026-03', 'cutoff_14', 15, '2026-02-15', '2026-03-14', '2026-03-15'],
    ['a quarter, calendar reading: due the 15th of the month after', '2026-Q1', 'calendar', 15, '2026-01-01', '2026-03-31', '2026-04-15'],
    ['the year, calendar reading: due in January', '2026', 'calendar', 10, '2026-01-01', '2026-12-31', '2027-01-10'],
  ];
  it.each(cases)('%s', (_name, period, reading, day, from, to, dueOn) => {
    expect(reportWindow(period, reading, day)).toEqual({ from, to, dueOn });
  });
});
