/** The periods a report is asked for, as the plans and Biểu II.06a count them (Vietnam dates, YYYY-MM-DD). */
export type PeriodKind = 'month' | 'quarter' | 'half' | 'year' | 'custom';

export interface PeriodChoice {
  kind: PeriodKind;
  year: number;
  /** Month 1–12, quarter 1–4 or half 1–2, by kind. */
  part: number;
  /** For `custom`. */
  range?: [string, string];
}

const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Today in Vietnam (UTC+7, no daylight saving). */
export const vnToday = (): string => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * The period's first and last dates; a period still running ends today, so that open dossiers are judged against
 * today and not against a day that has not come yet.
 */
export function periodDates(p: PeriodChoice, today = vnToday()): { from: string; to: string } {
  let from: string;
  let to: string;
  if (p.kind === 'custom' && p.range) [from, to] = p.range;
  else {
    const [m1, m2] =
      p.kind === 'month' ? [p.part, p.part] : p.kind === 'quarter' ? [p.part * 3 - 2, p.part * 3] : p.kind === 'half' ? [p.part * 6 - 5, p.part * 6] : [1, 12];
    from = `${p.year}-${pad(m1)}-01`;
    to = `${p.year}-${pad(m2)}-${pad(lastDay(p.year, m2))}`;
  }
  return { from, to: to > today && from <= today ? today : to };
}

export const PERIOD_TEXT: Record<PeriodKind, string> = { month: 'Tháng', quarter: 'Quý', half: '6 tháng', year: 'Năm', custom: 'Tùy chọn' };

/** "Quý 1/2026", "6 tháng đầu năm 2026", "01/01/2026 – 15/03/2026" */
export function periodLabel(p: PeriodChoice, dates: { from: string; to: string }): string {
  const vn = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  switch (p.kind) {
    case 'month':
      return `Tháng ${p.part}/${p.year}`;
    case 'quarter':
      return `Quý ${p.part}/${p.year}`;
    case 'half':
      return `6 tháng ${p.part === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
    case 'year':
      return `Năm ${p.year}`;
    case 'custom':
      return `${vn(dates.from)} – ${vn(dates.to)}`;
  }
}
