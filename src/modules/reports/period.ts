import { validationFailed } from '../../common/app-error.js';
import { dateOfDayIndex, dayIndexOfDate, isCalendarDate, vnDate, vnDayStart } from '../../common/vn-time.js';

/**
 * The one period type of the reports (indicators, Biểu II.06a, form 07, scheduled reports): calendar dates [from, to]
 * in Vietnam time, and the instants [start, end) they cover.
 */
export interface Period {
  from: string;
  to: string;
  start: Date;
  end: Date;
  /**
   * Dossiers still open count as overdue when due before this instant: the period's end, or for a period that has
   * not ended, the start of today (`asOfNow`).
   */
  overdueBefore?: Date;
}

/** From dates (YYYY-MM-DD); 400 names each wrong field. */
export function parsePeriod(from: string | undefined, to: string | undefined): Period {
  const fields = [];
  const ok = (v: string | undefined): v is string => v !== undefined && isCalendarDate(v);
  if (!ok(from)) fields.push({ field: 'from', message: 'ngày bắt đầu có dạng YYYY-MM-DD' });
  if (!ok(to)) fields.push({ field: 'to', message: 'ngày kết thúc có dạng YYYY-MM-DD' });
  if (fields.length) throw validationFailed(fields);
  const a = dayIndexOfDate(from!);
  const b = dayIndexOfDate(to!);
  if (b < a) throw validationFailed([{ field: 'to', message: 'ngày kết thúc trước ngày bắt đầu' }]);
  if (b - a > 3660) throw validationFailed([{ field: 'to', message: 'kỳ báo cáo tối đa 10 năm' }]);
  return { from: from!, to: to!, start: new Date(vnDayStart(a)), end: new Date(vnDayStart(b + 1)) };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A period by name, as the plans and Biểu II.06a name them: `2026`, `2026-H1`, `2026-Q3`, `2026-03`. */
export function namedPeriod(name: string): Period {
  const m = /^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/.exec(name);
  if (!m) throw validationFailed([{ field: 'period', message: 'kỳ báo cáo có dạng 2026, 2026-H1, 2026-Q3 hoặc 2026-03' }]);
  const y = Number(m[1]);
  const part = m[2];
  const [first, last] = !part
    ? [1, 12]
    : part[0] === 'H'
      ? part === 'H1'
        ? [1, 6]
        : [7, 12]
      : part[0] === 'Q'
        ? [(Number(part[1]) - 1) * 3 + 1, Number(part[1]) * 3]
        : [Number(part), Number(part)];
  const lastDay = new Date(Date.UTC(y, last, 0)).getUTCDate();
  return parsePeriod(`${y}-${pad(first)}-01`, `${y}-${pad(last)}-${pad(lastDay)}`);
}

/** "quý 1/2026", "6 tháng đầu năm 2026", "tháng 03/2026", "năm 2026": a named period in a sentence. */
export function periodText(name: string): string {
  const [y, part] = name.split('-');
  if (!part) return `năm ${y}`;
  if (part[0] === 'Q') return `quý ${part[1]}/${y}`;
  if (part[0] === 'H') return `6 tháng ${part === 'H1' ? 'đầu' : 'cuối'} năm ${y}`;
  return `tháng ${part}/${y}`;
}

/**
 * A period that has not ended is counted as of now (issue 24): up to today, and a dossier still open is overdue only
 * when it was due before today, as the sweep judges by date (a December report asked on 4 December does not count
 * as overdue what is due later in December). A period that has ended, or lies wholly ahead, is returned as it is.
 */
export function asOfNow(p: Period, now: Date): Period {
  const today = vnDate(now);
  if (p.to <= today || p.from > today) return p;
  return { ...parsePeriod(p.from, today), overdueBefore: new Date(vnDayStart(dayIndexOfDate(today))) };
}

/** The month of `today` up to today (YYYY-MM-DD): what a page shows when no period is asked for. */
export const monthToDate = (today: string): Period => parsePeriod(`${today.slice(0, 8)}01`, today);

/** Calendar months overlapping the period, each clipped to it. */
export function monthsOf(p: Period): Period[] {
  const out: Period[] = [];
  let [y, m] = p.from.split('-').map(Number);
  for (;;) {
    const first = `${y}-${pad(m)}-01`;
    if (first > p.to) break;
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
    const last = dateOfDayIndex(dayIndexOfDate(next) - 1);
    const month = parsePeriod(first < p.from ? p.from : first, last > p.to ? p.to : last);
    // The month that holds today keeps the cut of its overdue columns (asOfNow).
    out.push(p.overdueBefore && month.to === p.to ? { ...month, overdueBefore: p.overdueBefore } : month);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}
