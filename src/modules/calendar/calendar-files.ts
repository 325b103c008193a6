import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { DefinitionIssue, zodIssues } from '../../workflow-engine/definition-error.js';
import { CalendarYear, calendarYearSchema } from './calendar.schema.js';
import { dayIndexOfDate } from '../../common/vn-time.js';

/** Reads `calendars/<id>/<year>.yaml`; returns years per calendar id, and the issues found. */
export function readCalendars(workflowsDir: string): { calendars: Map<string, CalendarYear[]>; issues: DefinitionIssue[] } {
  const root = join(workflowsDir, 'calendars');
  const calendars = new Map<string, CalendarYear[]>();
  const issues: DefinitionIssue[] = [];
  if (!existsSync(root)) return { calendars, issues: [{ file: 'calendars/', field: '', message: 'thiếu thư mục lịch làm việc' }] };
  for (const id of readdirSync(root).sort()) {
    const dir = join(root, id);
    if (!statSync(dir).isDirectory()) continue;
    const years: CalendarYear[] = [];
    for (const f of readdirSync(dir)
      .filter((x) => /\.ya?ml$/.test(x))
      .sort()) {
      const file = relative(workflowsDir, join(dir, f));
      let raw: unknown;
      try {
        raw = parse(readFileSync(join(dir, f), 'utf8'));
      } catch (e) {
        issues.push({ file, field: '', message: `YAML không đọc được: ${(e as Error).message.split('\n')[0]}` });
        continue;
      }
      const parsed = calendarYearSchema.safeParse(raw);
      if (!parsed.success) {
        issues.push(...zodIssues(file, parsed.error));
        continue;
      }
      const y = parsed.data;
      if (f.replace(/\.ya?ml$/, '') !== String(y.year)) issues.push({ file, field: 'year', message: `năm ${y.year} không khớp tên tệp` });
      const seen = new Set<string>();
      y.days.forEach((d, i) => {
        if (!d.date.startsWith(`${y.year}-`)) issues.push({ file, field: `days[${i}].date`, message: `ngày ${d.date} không thuộc năm ${y.year}` });
        try {
          dayIndexOfDate(d.date);
        } catch {
          issues.push({ file, field: `days[${i}].date`, message: `ngày ${d.date} không tồn tại` });
        }
        if (seen.has(d.date)) issues.push({ file, field: `days[${i}].date`, message: `ngày ${d.date} khai báo hai lần` });
        seen.add(d.date);
      });
      years.push(y);
    }
    years.sort((a, b) => a.year - b.year);
    for (let i = 1; i < years.length; i++) {
      if (years[i].year !== years[i - 1].year + 1) {
        issues.push({ file: `calendars/${id}/`, field: '', message: `thiếu năm ${years[i - 1].year + 1} (các năm phải liên tục)` });
      }
    }
    if (years.length === 0) issues.push({ file: `calendars/${id}/`, field: '', message: 'lịch không có năm nào' });
    calendars.set(id, years);
  }
  return { calendars, issues };
}
