import { AppError } from '../../common/app-error.js';
import type { CalendarYear } from './calendar.schema.js';
import { dayIndexOfDate, hhmmToMs, vnDayIndex, vnDayStart, vnMsOfDay, weekday, yearOfDayIndex } from '../../common/vn-time.js';

import type { DeadlineUnit } from '../../workflow-engine/vocabulary.js';

/** How a procedure states its legal deadline (domain.md §6): the engine's words. */
export { DEADLINE_UNITS, type DeadlineUnit } from '../../workflow-engine/vocabulary.js';

export type FinishClass = 'early' | 'on_time' | 'late';
export type ClassifyBy = 'date' | 'instant';

export interface DueResult {
  /** Where counting starts: the reception instant moved into working time (and past the cut-off). */
  startAt: number;
  dueAt: number;
}

export interface WorkingCalendarOptions {
  years: CalendarYear[];
  /** Office sessions, "HH:MM-HH:MM", in Vietnam time. */
  sessions: string[];
  /** Length of a working day in the hour model (domain.md §6: 8 h). */
  hoursPerDay?: number;
  /** Label used in error messages (the calendar's id). */
  name?: string;
}

export const calendarYearMissing = (name: string, year: number): AppError =>
  new AppError(
    422,
    'CALENDAR_YEAR_MISSING',
    `Chưa có dữ liệu lịch làm việc năm ${year} (lịch "${name}"); cần bổ sung workflows/calendars trước khi tính hạn.`,
    {
      calendar: name,
      year,
    },
  );

interface Session {
  start: number;
  end: number;
}

/**
 * Vietnamese administrative working time for one calendar and one set of office sessions.
 *
 * Time is mapped to a "working ordinal": milliseconds of working time elapsed since the start of the
 * loaded range. Adding working time is then integer arithmetic plus one array lookup, which keeps
 * due-date computation O(1) (the benchmark asks for a million per two seconds).
 */
export class WorkingCalendar {
  readonly name: string;
  private readonly sessions: Session[];
  /** Working milliseconds in one working day as the sessions define it. */
  private readonly dayWorkMs: number;
  /** Milliseconds in a "working day" of the hour model (8 h by default). */
  readonly workingDayMs: number;
  private readonly firstDay: number;
  private readonly lastDay: number;
  private readonly firstYear: number;
  private readonly lastYear: number;
  /** Working days strictly before each day of the range (index = day − firstDay), one extra at the end. */
  private readonly before: Int32Array;
  private readonly isWorking: Uint8Array;
  /** Day index of the n-th working day of the range. */
  private readonly workingDays: Int32Array;

  constructor(opts: WorkingCalendarOptions) {
    this.name = opts.name ?? 'calendar';
    if (opts.years.length === 0) throw new Error(`calendar ${this.name} has no years`);
    this.sessions = opts.sessions
      .map((s) => {
        const [a, b] = s.split('-');
        return { start: hhmmToMs(a), end: hhmmToMs(b) };
      })
      .sort((x, y) => x.start - y.start);
    for (let i = 0; i < this.sessions.length; i++) {
      const s = this.sessions[i];
      if (s.end <= s.start) throw new Error(`session ${opts.sessions[i]} ends before it starts`);
      if (i > 0 && s.start < this.sessions[i - 1].end) throw new Error(`sessions of ${this.name} overlap`);
    }
    this.dayWorkMs = this.sessions.reduce((n, s) => n + s.end - s.start, 0);
    this.workingDayMs = (opts.hoursPerDay ?? 8) * 3600_000;

    const years = [...opts.years].sort((a, b) => a.year - b.year);
    for (let i = 1; i < years.length; i++) {
      if (years[i].year !== years[i - 1].year + 1) {
        throw new Error(`calendar ${this.name}: years must be contiguous, ${years[i - 1].year + 1} is missing`);
      }
    }
    this.firstYear = years[0].year;
    this.lastYear = years[years.length - 1].year;
    this.firstDay = dayIndexOfDate(`${this.firstYear}-01-01`);
    this.lastDay = dayIndexOfDate(`${this.lastYear}-12-31`);
    const n = this.lastDay - this.firstDay + 1;
    this.isWorking = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const wd = weekday(this.firstDay + i);
      this.isWorking[i] = wd >= 1 && wd <= 5 ? 1 : 0;
    }
    for (const y of years) {
      for (const entry of y.days) {
        const i = dayIndexOfDate(entry.date) - this.firstDay;
        // An announced day off is not law yet: the day keeps its weekday's rule.
        if (i < 0 || i >= n || entry.type === 'announced') continue;
        this.isWorking[i] = entry.type === 'working_day' ? 1 : 0;
      }
    }
    this.before = new Int32Array(n + 1);
    const list: number[] = [];
    for (let i = 0; i < n; i++) {
      this.before[i + 1] = this.before[i] + this.isWorking[i];
      if (this.isWorking[i]) list.push(this.firstDay + i);
    }
    this.workingDays = Int32Array.from(list);
  }

  private checkDay(day: number): number {
    if (day < this.firstDay) throw calendarYearMissing(this.name, yearOfDayIndex(day));
    if (day > this.lastDay) throw calendarYearMissing(this.name, yearOfDayIndex(day));
    return day - this.firstDay;
  }

  isWorkingDay(day: number): boolean {
    return this.isWorking[this.checkDay(day)] === 1;
  }

  /** Working time (ms) done on `day` by `msOfDay` o'clock, assuming the day is a working day. */
  private workedInto(msOfDay: number): number {
    let done = 0;
    for (const s of this.sessions) {
      if (msOfDay <= s.start) break;
      done += Math.min(msOfDay, s.end) - s.start;
    }
    return done;
  }

  /** Working time elapsed from the start of the range to the instant. */
  ordinal(at: number): number {
    const day = vnDayIndex(at);
    const i = this.checkDay(day);
    const base = this.before[i] * this.dayWorkMs;
    return this.isWorking[i] ? base + this.workedInto(vnMsOfDay(at)) : base;
  }

  /**
   * The instant at which `ord` of working time has elapsed. A count ending exactly at a session end
   * lands on that session's end (17:00 that day), not on the next session's start.
   */
  fromOrdinal(ord: number): number {
    if (ord <= 0) return this.firstSessionStart(this.workingDays[0]);
    const q = Math.ceil(ord / this.dayWorkMs) - 1;
    if (q >= this.workingDays.length) throw calendarYearMissing(this.name, this.lastYear + 1);
    let rem = ord - q * this.dayWorkMs;
    const dayStart = vnDayStart(this.workingDays[q]);
    for (const s of this.sessions) {
      const len = s.end - s.start;
      if (rem <= len) return dayStart + s.start + rem;
      rem -= len;
    }
    throw new Error('unreachable: remainder exceeds a working day');
  }

  private firstSessionStart(day: number): number {
    return vnDayStart(day) + this.sessions[0].start;
  }

  /** The close of office on `day` (end of its last session). */
  dayClose(day: number): number {
    return vnDayStart(day) + this.sessions[this.sessions.length - 1].end;
  }

  /** The first working day on or after `day`. */
  private workingDayFrom(day: number): number {
    const i = this.checkDay(day);
    const k = this.before[i];
    if (k >= this.workingDays.length) throw calendarYearMissing(this.name, this.lastYear + 1);
    return this.workingDays[k];
  }

  /** Moves an instant into working time: outside sessions → the next session's start. */
  normalize(at: number): number {
    const day = vnDayIndex(at);
    const i = this.checkDay(day);
    if (this.isWorking[i]) {
      const m = vnMsOfDay(at);
      for (const s of this.sessions) {
        if (m < s.start) return vnDayStart(day) + s.start;
        if (m < s.end) return at;
      }
    }
    return this.firstSessionStart(this.workingDayFrom(day + 1));
  }

  /** Where counting starts: normalised, and past the cut-off (e.g. 15:00) → the next working day's opening. */
  startOfCounting(receivedAt: number, cutoffMs?: number): number {
    const start = this.normalize(receivedAt);
    if (cutoffMs !== undefined && vnMsOfDay(start) >= cutoffMs) {
      return this.firstSessionStart(this.workingDayFrom(vnDayIndex(start) + 1));
    }
    return start;
  }

  /** Adds working time (ms) to an instant already in working time. */
  addWorking(from: number, workMs: number): number {
    if (workMs < 0) throw new Error('negative working time');
    if (workMs === 0) return from;
    return this.fromOrdinal(this.ordinal(from) + workMs);
  }

  /**
   * The due instant for a deadline stated as `amount` of `unit`, counted from a reception instant.
   * `cutoff` ("HH:MM"): received at or after it → counting starts at the next working day's opening.
   */
  due(receivedAt: number, amount: number, unit: DeadlineUnit, cutoff?: string): DueResult {
    if (!(amount >= 0) || !Number.isFinite(amount)) throw new Error('amount must be a finite number ≥ 0');
    const startAt = this.startOfCounting(receivedAt, cutoff ? hhmmToMs(cutoff) : undefined);
    switch (unit) {
      case 'working_days':
        return { startAt, dueAt: this.addWorking(startAt, Math.round(amount * this.workingDayMs)) };
      case 'working_hours':
        return { startAt, dueAt: this.addWorking(startAt, Math.round(amount * 3600_000)) };
      case 'same_day':
        // "Trong ngày": due at the close of the day counting starts on (the cut-off has already moved it).
        return { startAt, dueAt: this.dayClose(vnDayIndex(startAt)) };
      case 'calendar_days': {
        if (!Number.isInteger(amount)) throw new Error('calendar_days needs a whole number of days');
        const day = this.workingDayFrom(vnDayIndex(startAt) + amount);
        return { startAt, dueAt: this.dayClose(day) };
      }
    }
  }

  /**
   * When to warn before `dueAt` of a span counted from `startAt`: once `usedPercent` of its working time is used, or
   * when `remainingDays` working days are left if that comes first. "Little time left" only applies to a span longer
   * than it: a same-day span would be warned at its start (docs/DOSSIERS.md, warnings).
   */
  earlyWarning(startAt: number, dueAt: number, usedPercent: number, remainingDays: number): number {
    const startOrd = this.ordinal(startAt);
    const dueOrd = this.ordinal(dueAt);
    const byShare = this.fromOrdinal(startOrd + Math.round(((dueOrd - startOrd) * usedPercent) / 100));
    const remainingMs = Math.round(remainingDays * this.workingDayMs);
    return dueOrd - startOrd > remainingMs ? Math.min(byShare, this.fromOrdinal(dueOrd - remainingMs)) : byShare;
  }

  /** Working time (ms) between two instants; 0 when `to` is not after `from`. */
  elapsed(from: number, to: number): number {
    return to <= from ? 0 : Math.max(0, this.ordinal(to) - this.ordinal(from));
  }

  /** Shifts a due instant by a working-time amount, e.g. the working time a pause lasted. */
  shift(dueAt: number, workMs: number): number {
    if (workMs <= 0) return dueAt;
    return this.fromOrdinal(this.ordinal(dueAt) + workMs);
  }

  /** Working time left until `dueAt`; negative when overdue (measured in working time). */
  remaining(now: number, dueAt: number): number {
    return now <= dueAt ? this.elapsed(now, dueAt) : -this.elapsed(dueAt, now);
  }

  /** The working day before the due instant's day (e.g. the apology deadline "01 ngày trước"). */
  previousWorkingDay(at: number): number {
    let i = this.checkDay(vnDayIndex(at)) - 1;
    while (i >= 0 && !this.isWorking[i]) i--;
    if (i < 0) throw calendarYearMissing(this.name, this.firstYear - 1);
    return this.firstDay + i;
  }
}

/**
 * Early / on time / late (domain.md §6). By date (default): finished on a date before the due date →
 * early, same date → on time, after → late. By instant: late as soon as the due instant has passed.
 */
export function classifyFinish(finishedAt: number, dueAt: number, by: ClassifyBy = 'date'): FinishClass {
  const fd = vnDayIndex(finishedAt);
  const dd = vnDayIndex(dueAt);
  if (by === 'instant' && finishedAt > dueAt) return 'late';
  if (fd < dd) return 'early';
  if (fd === dd) return 'on_time';
  return 'late';
}
