import { describe, expect, it } from 'vitest';
import { calendarYearSchema } from './calendar.schema.js';
import { proposeYear } from './calendar-proposal.js';

const dates = (year: number, type?: string) =>
  proposeYear(year)
    .filter((d) => !type || d.type === type)
    .map((d) => d.date);

describe('proposeYear', () => {
  it('finds Tết and Giỗ Tổ with the Vietnamese (UTC+7) lunar calendar', () => {
    expect(dates(2026, 'holiday')).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-17', '2026-02-20', '2026-04-26']));
    expect(dates(2027, 'holiday')).toEqual(expect.arrayContaining(['2027-02-05', '2027-02-06', '2027-04-16']));
    // 2030: Chinese (UTC+8) calendars put Tết on 3/2; Vietnam's is 2/2.
    expect(dates(2030, 'holiday')).toContain('2030-02-02');
    expect(dates(2030, 'holiday')).not.toContain('2030-02-06');
  });

  it('names the eve of Tết by its lunar day: 29 tháng Chạp in 2027 (that month has 29 days), 30 in 2025', () => {
    const eve = (year: number) => proposeYear(year).find((d) => d.name.endsWith('tháng Chạp)'));
    expect(eve(2027)).toMatchObject({ date: '2027-02-05', name: 'Tết Âm lịch (29 tháng Chạp)' });
    expect(eve(2025)).toMatchObject({ date: '2025-01-28', name: 'Tết Âm lịch (29 tháng Chạp)' });
    expect(eve(2024)).toMatchObject({ date: '2024-02-09', name: 'Tết Âm lịch (30 tháng Chạp)' });
  });

  it('gives a compensatory day for holidays on a weekly rest day', () => {
    expect(dates(2026, 'day_off')).toContain('2026-04-27'); // Giỗ Tổ on Sunday 26/4/2026
    expect(dates(2027, 'day_off')).toEqual(expect.arrayContaining(['2027-02-10', '2027-02-11', '2027-05-03']));
  });

  it('produces a valid calendar file, every computed entry unconfirmed', () => {
    const days = proposeYear(2028);
    expect(calendarYearSchema.safeParse({ year: 2028, days }).success).toBe(true);
    expect(days.filter((d) => d.name.startsWith('Tết Âm lịch')).every((d) => !d.confirmed)).toBe(true);
    expect(() => proposeYear(1800)).toThrow();
  });
});
