import { getLunarDate } from '@dqcai/vn-lunar';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../common/project-root.js';
import { readCalendars } from './calendar-files.js';
import { formatVn, parseVnInstant } from '../../common/vn-time.js';
import { classifyFinish, DeadlineUnit, WorkingCalendar } from './working-calendar.js';

const { calendars, issues } = readCalendars(projectRoot() + '/workflows');
const SESSIONS = ['07:00-11:30', '13:30-17:00'];
const cal = new WorkingCalendar({ years: calendars.get('vn')!, sessions: SESSIONS, name: 'vn' });
const t = (s: string): number => {
  const v = parseVnInstant(s);
  if (v === null) throw new Error('bad instant ' + s);
  return v;
};
const H = 3600_000;

describe('shipped calendars', () => {
  it('name each day of the lunar month as the Vietnamese lunar calendar has it (tháng Chạp, mùng N)', () => {
    const named = [...calendars.get('vn')!.flatMap((y) => y.days)].flatMap((d) => {
      const m = /\((\d+) tháng Chạp\)|\(mùng (\d+)\)/.exec(d.name);
      return m ? [{ date: d.date, said: m[1] ? `${m[1]}/12` : `${m[2]}/1` }] : [];
    });
    expect(named.length).toBeGreaterThan(10);
    for (const { date, said } of named) {
      const [y, mo, da] = date.split('-').map(Number);
      const l = getLunarDate(da, mo, y);
      expect(`${l.day}/${l.month}`, date).toBe(said);
    }
  });

  it('parse without issues and cover 2025–2027', () => {
    expect(issues).toEqual([]);
    expect(calendars.get('vn')!.map((y) => y.year)).toEqual([2025, 2026, 2027]);
  });
});

describe('normalize', () => {
  const cases: [string, string, string][] = [
    ['before opening', '2026-10-05T06:15', '2026-10-05T07:00:00+07:00'],
    ['in the morning session', '2026-10-05T09:10', '2026-10-05T09:10:00+07:00'],
    ['lunch break', '2026-10-05T12:00', '2026-10-05T13:30:00+07:00'],
    ['exactly at the morning session end', '2026-10-05T11:30', '2026-10-05T13:30:00+07:00'],
    ['after closing', '2026-10-05T17:00', '2026-10-06T07:00:00+07:00'],
    ['Friday evening → Monday', '2026-10-09T18:00', '2026-10-12T07:00:00+07:00'],
    ['online on Saturday night (domain rule 5)', '2026-10-17T22:00', '2026-10-19T07:00:00+07:00'],
    ['in the Tết 2026 break', '2026-02-17T09:00', '2026-02-23T07:00:00+07:00'],
    ['make-up Saturday 26/4/2025 is a working day', '2025-04-26T08:00', '2025-04-26T08:00:00+07:00'],
    // 02/01/2026 was swapped for Saturday 10/01 (văn bản 12729/VPCP-KGVX): the next working morning is Monday 05/01.
    ['year boundary: 31/12/2025 evening', '2025-12-31T17:30', '2026-01-05T07:00:00+07:00'],
    ['make-up Saturday 10/01/2026 is a working day', '2026-01-10T08:00', '2026-01-10T08:00:00+07:00'],
    // Announced, not in force: Ngày Văn hóa Việt Nam keeps its weekday's rule (a Tuesday in 2026).
    ['24/11/2026 (announced only) is a working day', '2026-11-24T08:00', '2026-11-24T08:00:00+07:00'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(formatVn(cal.normalize(t(input)))).toBe(expected);
  });
});

describe('due', () => {
  const cases: [string, string, number, DeadlineUnit, string | undefined, string, string][] = [
    // name, received, amount, unit, cutoff, startAt, dueAt
    [
      'domain rule 2: 3 working days from Thu 09:00',
      '2026-10-01T09:00',
      3,
      'working_days',
      undefined,
      '2026-10-01T09:00:00+07:00',
      '2026-10-06T09:00:00+07:00',
    ],
    ['domain rule 3: across the Tết 2026 break', '2026-02-13T16:00', 3, 'working_days', undefined, '2026-02-13T16:00:00+07:00', '2026-02-25T16:00:00+07:00'],
    [
      'domain rule 4: cut-off after 15:00 moves the start',
      '2026-02-13T16:00',
      3,
      'working_days',
      '15:00',
      '2026-02-23T07:00:00+07:00',
      '2026-02-25T17:00:00+07:00',
    ],
    [
      'count ending exactly at a session end → 17:00 that day',
      '2026-10-05T07:00',
      1,
      'working_days',
      undefined,
      '2026-10-05T07:00:00+07:00',
      '2026-10-05T17:00:00+07:00',
    ],
    [
      'count ending at the morning session end → 11:30',
      '2026-10-05T07:00',
      4.5,
      'working_hours',
      undefined,
      '2026-10-05T07:00:00+07:00',
      '2026-10-05T11:30:00+07:00',
    ],
    ['half-day budget from 09:00', '2026-10-05T09:00', 0.5, 'working_days', undefined, '2026-10-05T09:00:00+07:00', '2026-10-05T15:00:00+07:00'],
    ['half-day budget across the lunch break', '2026-10-05T10:30', 0.5, 'working_days', undefined, '2026-10-05T10:30:00+07:00', '2026-10-05T16:30:00+07:00'],
    ['received in the lunch break', '2026-10-05T12:10', 2, 'working_hours', undefined, '2026-10-05T13:30:00+07:00', '2026-10-05T15:30:00+07:00'],
    ['received after closing', '2026-10-05T18:00', 1, 'working_days', undefined, '2026-10-06T07:00:00+07:00', '2026-10-06T17:00:00+07:00'],
    ['weekend skipped', '2026-10-09T14:00', 1, 'working_days', undefined, '2026-10-09T14:00:00+07:00', '2026-10-12T14:00:00+07:00'],
    ['across 30/4–1/5/2026 (Thu, Fri)', '2026-04-29T10:00', 1, 'working_days', undefined, '2026-04-29T10:00:00+07:00', '2026-05-04T10:00:00+07:00'],
    ['across Giỗ Tổ 2026 compensatory Monday', '2026-04-24T10:00', 1, 'working_days', undefined, '2026-04-24T10:00:00+07:00', '2026-04-28T10:00:00+07:00'],
    // 01/01 a holiday, 02/01 swapped off: the two working days are Monday 05/01 and Tuesday 06/01.
    ['year boundary 2025 → 2026', '2025-12-31T10:00', 2, 'working_days', undefined, '2025-12-31T10:00:00+07:00', '2026-01-06T10:00:00+07:00'],
    ['make-up Saturday 26/4/2025 counts', '2025-04-25T10:00', 1, 'working_days', undefined, '2025-04-25T10:00:00+07:00', '2025-04-26T10:00:00+07:00'],
    ['domain rule 4: same day at 14:59 → that day', '2026-02-23T14:59', 0, 'same_day', '15:00', '2026-02-23T14:59:00+07:00', '2026-02-23T17:00:00+07:00'],
    [
      'domain rule 4: same day at 15:00 → next working day',
      '2026-02-23T15:00',
      0,
      'same_day',
      '15:00',
      '2026-02-24T07:00:00+07:00',
      '2026-02-24T17:00:00+07:00',
    ],
    [
      'domain rule 4: same day at 15:30 → next working day',
      '2026-02-23T15:30',
      0,
      'same_day',
      '15:00',
      '2026-02-24T07:00:00+07:00',
      '2026-02-24T17:00:00+07:00',
    ],
    ['same day without cut-off at 16:30', '2026-02-23T16:30', 0, 'same_day', undefined, '2026-02-23T16:30:00+07:00', '2026-02-23T17:00:00+07:00'],
    ['same day on Friday 15:10 with cut-off → Monday', '2026-10-09T15:10', 0, 'same_day', '15:00', '2026-10-12T07:00:00+07:00', '2026-10-12T17:00:00+07:00'],
    [
      'domain rule 6: 10 calendar days from Fri 02/10/2026',
      '2026-10-02T09:00',
      10,
      'calendar_days',
      undefined,
      '2026-10-02T09:00:00+07:00',
      '2026-10-12T17:00:00+07:00',
    ],
    [
      'calendar days landing on a Saturday move to Monday',
      '2026-10-02T09:00',
      8,
      'calendar_days',
      undefined,
      '2026-10-02T09:00:00+07:00',
      '2026-10-12T17:00:00+07:00',
    ],
    ['calendar days landing in Tết move past it', '2026-02-10T09:00', 7, 'calendar_days', undefined, '2026-02-10T09:00:00+07:00', '2026-02-23T17:00:00+07:00'],
    [
      'calendar days landing on 2/9/2026 move to 3/9',
      '2026-08-28T09:00',
      5,
      'calendar_days',
      undefined,
      '2026-08-28T09:00:00+07:00',
      '2026-09-03T17:00:00+07:00',
    ],
    ['zero working days is the start itself', '2026-10-05T09:00', 0, 'working_days', undefined, '2026-10-05T09:00:00+07:00', '2026-10-05T09:00:00+07:00'],
  ];
  it.each(cases)('%s', (_n, received, amount, unit, cutoff, startAt, dueAt) => {
    const r = cal.due(t(received), amount, unit, cutoff);
    expect(formatVn(r.startAt)).toBe(startAt);
    expect(formatVn(r.dueAt)).toBe(dueAt);
  });

  it('the hour model’s day length is a parameter (7 h: one working day from 07:00 ends 16:00)', () => {
    const seven = new WorkingCalendar({ years: calendars.get('vn')!, sessions: SESSIONS, hoursPerDay: 7, name: 'vn' });
    expect(formatVn(seven.due(t('2026-10-05T07:00'), 1, 'working_days').dueAt)).toBe('2026-10-05T16:00:00+07:00');
    expect(formatVn(seven.due(t('2026-10-05T07:00'), 2, 'working_days').dueAt)).toBe('2026-10-06T15:00:00+07:00');
  });

  it('a year with no data is an error at use, never "no holidays"', () => {
    expect(() => cal.due(t('2027-12-20T09:00'), 20, 'working_days')).toThrow(/2028/);
    expect(() => cal.normalize(t('2024-12-31T09:00'))).toThrow(/2024/);
  });

  it('an absurd amount is refused at once, never a hang', () => {
    expect(() => cal.due(t('2026-01-05T09:00'), 1e12, 'working_days')).toThrow(/CALENDAR|lịch/i);
  });
});

describe('elapsed, shift and pauses', () => {
  it('domain rule 8 (PAUSE): 16 h used → 24 h left from the supplement', () => {
    const received = t('2026-10-05T08:00');
    const { dueAt } = cal.due(received, 5, 'working_days');
    expect(formatVn(dueAt)).toBe('2026-10-12T08:00:00+07:00');
    const used = cal.elapsed(received, t('2026-10-07T08:00'));
    expect(used).toBe(16 * H);
    const resumed = t('2026-10-12T08:00');
    expect(formatVn(cal.addWorking(resumed, 40 * H - used))).toBe('2026-10-15T08:00:00+07:00');
    // the same via shifting the due instant by the pause's working time
    expect(formatVn(cal.shift(dueAt, cal.elapsed(t('2026-10-07T08:00'), resumed)))).toBe('2026-10-15T08:00:00+07:00');
  });

  it('domain rule 7 (RESTART): full time from the supplement', () => {
    expect(formatVn(cal.due(t('2026-10-12T08:00'), 5, 'working_days').dueAt)).toBe('2026-10-19T08:00:00+07:00');
  });

  it('elapsed over a lunch break and a weekend', () => {
    expect(cal.elapsed(t('2026-10-05T11:00'), t('2026-10-05T14:00'))).toBe(1 * H);
    expect(cal.elapsed(t('2026-10-09T16:00'), t('2026-10-12T08:00'))).toBe(2 * H);
    expect(cal.remaining(t('2026-10-12T08:00'), t('2026-10-09T16:00'))).toBe(-2 * H);
  });

  it('previous working day before a due date (apology lead time)', () => {
    expect(formatVn(cal.previousWorkingDay(t('2026-02-25T16:00')) * 86400000 - 7 * H)).toBe('2026-02-24T00:00:00+07:00');
    expect(formatVn(cal.previousWorkingDay(t('2026-02-23T16:00')) * 86400000 - 7 * H)).toBe('2026-02-13T00:00:00+07:00');
  });
});

describe('classifyFinish (domain rule 13)', () => {
  const due = t('2026-02-25T16:00');
  it.each([
    ['2026-02-24T10:00', 'date', 'early'],
    ['2026-02-25T16:59', 'date', 'on_time'],
    ['2026-02-26T08:00', 'date', 'late'],
    ['2026-02-25T16:59', 'instant', 'late'],
    ['2026-02-25T15:59', 'instant', 'on_time'],
    ['2026-02-24T15:59', 'instant', 'early'],
  ] as const)('finished %s by %s → %s', (finished, by, expected) => {
    expect(classifyFinish(t(finished), due, by)).toBe(expected);
  });
});

describe('properties', () => {
  const start = Date.parse('2025-01-01T00:00:00+07:00');
  const end = Date.parse('2027-06-30T00:00:00+07:00');
  const instant = fc.integer({ min: start, max: end });
  const budget = fc.integer({ min: 0, max: 60 * 8 * 4 }).map((q) => q * 15 * 60_000); // quarter hours up to 60 days

  it('a later start never gives an earlier due instant', () => {
    fc.assert(
      fc.property(instant, instant, budget, (a, b, w) => {
        const [x, y] = a <= b ? [a, b] : [b, a];
        return cal.addWorking(cal.normalize(x), w) <= cal.addWorking(cal.normalize(y), w);
      }),
      { numRuns: 2000 },
    );
  });

  it('adding a then b equals adding a + b', () => {
    fc.assert(
      fc.property(instant, budget, budget, (s, a, b) => {
        const from = cal.normalize(s);
        return cal.addWorking(cal.addWorking(from, a), b) === cal.addWorking(from, a + b);
      }),
      { numRuns: 2000 },
    );
  });

  it('pausing for an interval shifts the due instant by exactly that interval’s working time', () => {
    fc.assert(
      fc.property(instant, budget, fc.integer({ min: 0, max: 20 * 86400_000 }), fc.integer({ min: 0, max: 86400_000 * 10 }), (s, w, pauseAfter, pauseLen) => {
        const from = cal.normalize(s);
        const due = cal.addWorking(from, w);
        const pauseStart = from + Math.min(pauseAfter, Math.max(0, due - from));
        const pauseEnd = pauseStart + pauseLen;
        const paused = cal.elapsed(pauseStart, pauseEnd);
        const used = cal.elapsed(from, pauseStart);
        // resume counting the rest after the pause == shift the original due by the pause's working time
        const resumedDue = cal.addWorking(cal.normalize(pauseEnd), Math.max(0, w - used));
        return cal.elapsed(due, cal.shift(due, paused)) === paused && cal.ordinal(resumedDue) === cal.ordinal(cal.shift(due, paused));
      }),
      { numRuns: 2000 },
    );
  });

  it('elapsed(from, addWorking(from, w)) === w', () => {
    fc.assert(
      fc.property(instant, budget, (s, w) => {
        const from = cal.normalize(s);
        return cal.elapsed(from, cal.addWorking(from, w)) === w;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatVn', () => {
  it('writes Vietnam wall time with its offset, milliseconds only when there are some', () => {
    expect(formatVn(Date.parse('2026-02-25T09:00:00Z'))).toBe('2026-02-25T16:00:00+07:00');
    expect(formatVn(Date.parse('2026-12-31T17:00:00.120Z'))).toBe('2027-01-01T00:00:00.120+07:00');
    expect(formatVn(new Date('0900-06-01T00:00:00Z'))).toBe('900-06-01T07:00:00+07:00');
  });

  it('reads back as the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), (ms) => {
        const text = formatVn(ms);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+07:00$/);
        expect(parseVnInstant(text)).toBe(ms);
      }),
    );
  });
});
