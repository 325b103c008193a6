import { dateOfDayIndex, dayIndexOfDate } from '../../common/vn-time.js';
import { namedPeriod } from '../reports/period.js';

/**
 * A plan task's deadline as the plan writes it ("Quý II, III/2026", "Thường xuyên", "Trước ngày 20/01/2026"…), read
 * into a rule the product can count with. The plan's words stay the source; this is their one reading.
 *
 * - `by`: one piece of work, due by `due` (a month's, a quarter's or a year's last day, or a date);
 * - `recurring`: due again every quarter or every year, on day `day` of the period's last month (null: the plan's
 *   reporting due day, else the period's last day);
 * - `ongoing` ("thường xuyên"): never finished; a progress entry is due each reporting period (quarter);
 * - `event`: after something outside the commune happens ("Sau khi Trung ương ban hành…"): no date to count;
 * - `relative`: N days after the plan reaches the unit: a date only once the plan says when it was received.
 */
export type TaskDeadline =
  | { kind: 'by'; from: string | null; due: string; text: string; note: string | null }
  | { kind: 'recurring'; every: 'quarter' | 'year'; day: number | null; text: string; note: string | null }
  | { kind: 'ongoing'; text: string; note: string | null }
  | { kind: 'event'; text: string; note: string | null }
  | { kind: 'relative'; days: number; text: string; note: string | null };

const ROMAN: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };
const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (y: number, m: number): string => `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;

function validDate(d: number, m: number, y: number): string | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  return iso <= lastDay(y, m) ? iso : null;
}

/**
 * Reads a deadline; null when the words are not one of the forms the plans use (the loader refuses the file then).
 * "Trước ngày D" is read as "no later than D", as the plans' reporting "trước ngày 15" is (reporting-window.ts): the
 * reading is not confirmed against the documents' authors (docs/PLANS.md).
 */
export function parseDeadline(raw: string): TaskDeadline | null {
  const paren = /\s*\(([^)]*)\)\s*$/.exec(raw);
  const note = paren ? paren[1].trim() : null;
  const text = (paren ? raw.slice(0, paren.index) : raw).trim().replace(/\s+/g, ' ');
  const t = text.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^tháng (\d{1,2})\/(\d{4})$/.exec(t))) {
    const [y, mo] = [Number(m[2]), Number(m[1])];
    if (mo < 1 || mo > 12) return null;
    return { kind: 'by', from: `${y}-${pad(mo)}-01`, due: lastDay(y, mo), text, note };
  }
  if ((m = /^quý ([ivx]+(?:\s*,\s*[ivx]+)*)\/(\d{4})$/.exec(t))) {
    const qs = m[1].split(',').map((s) => ROMAN[s.trim().toUpperCase()]);
    if (qs.some((q) => !q) || qs.some((q, i) => i > 0 && q <= qs[i - 1])) return null;
    const y = Number(m[2]);
    return { kind: 'by', from: `${y}-${pad(qs[0] * 3 - 2)}-01`, due: lastDay(y, qs[qs.length - 1] * 3), text, note };
  }
  if ((m = /^năm (\d{4})$/.exec(t))) return { kind: 'by', from: `${m[1]}-01-01`, due: `${m[1]}-12-31`, text, note };
  if ((m = /^(?:trước ngày|chậm nhất ngày|hoàn thành trước ngày) (\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) {
    const due = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return due ? { kind: 'by', from: null, due, text, note } : null;
  }
  if (/^thường xuyên$/.test(t)) return { kind: 'ongoing', text, note };
  if (/^h[ằà]ng năm$/.test(t)) return { kind: 'recurring', every: 'year', day: null, text, note };
  if (/^(h[ằà]ng quý|định kỳ)(?=$|[\s,;])/.test(t)) {
    // "trước ngày 15 của kỳ báo cáo", "trước ngày 15 tháng cuối (mỗi) quý": day 15 of the quarter's last month.
    const day = /trước ngày (\d{1,2}) (?:của kỳ báo cáo|tháng cuối (?:mỗi |của )?quý)/.exec(t);
    if (day && (Number(day[1]) < 1 || Number(day[1]) > 28)) return null;
    return { kind: 'recurring', every: 'quarter', day: day ? Number(day[1]) : null, text, note };
  }
  if (/^sau khi /.test(t)) return { kind: 'event', text, note };
  if ((m = /^chậm nhất sau (\d{1,3}) ngày kể từ /.exec(t))) return { kind: 'relative', days: Number(m[1]), text, note };
  return null;
}

/** A period key's first and last days (reports' named periods): 2026-Q2 → 2026-04-01 … 2026-06-30; 2026 → the year. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export function quarterBounds(key: string): { from: string; to: string } {
  const { from, to } = namedPeriod(key);
  return { from, to };
}

/** The day a recurring (or ongoing) entry of `period` is due: day `day` of its last month, or its last day. */
export function periodDue(period: string, day: number | null): string {
  if (/^\d{4}$/.test(period)) return day === null ? `${period}-12-31` : `${period}-12-${pad(day)}`;
  const { to } = quarterBounds(period);
  return day === null ? to : `${to.slice(0, 8)}${pad(day)}`;
}

/** The quarters (or years) that fall in [from, to], as period keys. */
export function periodsIn(every: 'quarter' | 'year', from: string, to: string): string[] {
  const out: string[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    if (every === 'year') out.push(String(y));
    else for (let q = 1; q <= 4; q++) out.push(`${y}-Q${q}`);
  }
  return out.filter((p) => {
    const b = quarterBounds(p);
    return b.to >= from && b.from <= to;
  });
}

/** Calendar days from a to b (b − a). */
export const daysBetween = (a: string, b: string): number => dayIndexOfDate(b) - dayIndexOfDate(a);

export const addDays = (date: string, n: number): string => dateOfDayIndex(dayIndexOfDate(date) + n);
