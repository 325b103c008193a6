import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../common/project-root.js';
import { addDays, parseDeadline, periodDue, periodsIn, quarterBounds, quarterOf } from './task-deadline.js';

/** Every deadline the five shared plans write (issue 27), and how each form is read. */
describe('a task deadline as the plans write it', () => {
  it.each([
    ['Tháng 02/2026 (Đã hoàn thành)', { kind: 'by', from: '2026-02-01', due: '2026-02-28', note: 'Đã hoàn thành', text: 'Tháng 02/2026' }],
    ['Tháng 12/2026', { kind: 'by', from: '2026-12-01', due: '2026-12-31' }],
    ['Quý I/2026', { kind: 'by', from: '2026-01-01', due: '2026-03-31' }],
    ['Quý II/2026', { kind: 'by', from: '2026-04-01', due: '2026-06-30' }],
    ['Quý III/2026', { kind: 'by', from: '2026-07-01', due: '2026-09-30' }],
    ['Quý II, III/2026', { kind: 'by', from: '2026-04-01', due: '2026-09-30' }],
    ['Năm 2026', { kind: 'by', from: '2026-01-01', due: '2026-12-31' }],
    ['Trước ngày 20/01/2026', { kind: 'by', from: null, due: '2026-01-20' }],
    ['Trước ngày 28/02/2026', { kind: 'by', from: null, due: '2026-02-28' }],
    ['Thường xuyên', { kind: 'ongoing' }],
    ['Hằng năm', { kind: 'recurring', every: 'year', day: null }],
    ['Hàng năm', { kind: 'recurring', every: 'year', day: null }],
    ['Hằng quý, 6 tháng và hằng năm; trước ngày 15 của kỳ báo cáo', { kind: 'recurring', every: 'quarter', day: 15 }],
    ['Hằng quý, trước ngày 15 tháng cuối mỗi quý', { kind: 'recurring', every: 'quarter', day: 15 }],
    ['Định kỳ hằng quý, 6 tháng, hằng năm', { kind: 'recurring', every: 'quarter', day: null }],
    ['Định kỳ', { kind: 'recurring', every: 'quarter', day: null }],
    ['Sau khi Trung ương ban hành hướng dẫn xây dựng Chiến lược quốc gia về chuyển đổi số', { kind: 'event' }],
    ['Chậm nhất sau 15 ngày kể từ ngày nhận được Kế hoạch này', { kind: 'relative', days: 15 }],
  ])('%s', (text, expected) => {
    expect(parseDeadline(text)).toMatchObject(expected);
  });

  it.each([
    'Quý V/2026',
    'Quý III, II/2026',
    'Tháng 13/2026',
    'Trước ngày 31/02/2026',
    'Trước ngày 15 của kỳ báo cáo',
    'Sớm',
    'Hằng quý, trước ngày 31 của kỳ báo cáo',
  ])('refuses "%s"', (text) => {
    expect(parseDeadline(text)).toBeNull();
  });

  it('reads every deadline written in workflows/plans', () => {
    const dir = join(projectRoot(), 'workflows', 'plans');
    const seen = new Set<string>();
    for (const f of readdirSync(dir)) {
      for (const t of (parse(readFileSync(join(dir, f), 'utf8')) as { tasks?: { deadline?: string }[] }).tasks ?? []) {
        if (t.deadline) seen.add(t.deadline);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(14);
    for (const d of seen) expect(parseDeadline(d), d).not.toBeNull();
  });

  it('counts periods: quarters, their due days, a year', () => {
    expect(quarterOf('2026-05-31')).toBe('2026-Q2');
    expect(quarterBounds('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodDue('2026-Q1', 15)).toBe('2026-03-15');
    expect(periodDue('2026-Q1', null)).toBe('2026-03-31');
    expect(periodDue('2027', null)).toBe('2027-12-31');
    expect(periodsIn('quarter', '2026-02-10', '2026-07-01')).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(periodsIn('year', '2026-01-01', '2028-12-31')).toEqual(['2026', '2027', '2028']);
    expect(addDays('2026-02-25', 7)).toBe('2026-03-04');
  });
});
