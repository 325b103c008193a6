import { join } from 'node:path';
import { benchDossiers, wanted } from './dossier-bench.js';
import { log } from './log.js';
import { projectRoot } from '../src/common/project-root.js';
import { readCalendars } from '../src/modules/calendar/calendar-files.js';
import { DeadlineUnit, WorkingCalendar } from '../src/modules/calendar/working-calendar.js';

/**
 * `npm run bench`: prints figures, asserts nothing (targets are read by people, not tests).
 * Due dates: 1,000,000 computations, budgets up to 60 working days, every holiday of 2025–2027 loaded.
 * Target (issue 3): under 2 s on one core.
 */
function benchDueDates(): void {
  const { calendars } = readCalendars(join(projectRoot(), 'workflows'));
  const cal = new WorkingCalendar({ years: calendars.get('vn')!, sessions: ['07:00-11:30', '13:30-17:00'], name: 'vn' });
  const N = 1_000_000;
  const start = Date.parse('2025-01-01T00:00:00+07:00');
  const span = Date.parse('2027-06-30T00:00:00+07:00') - start;
  // Inputs prepared up front so the loop measures the computation only.
  const from = new Float64Array(N);
  const amount = new Float64Array(N);
  const units: DeadlineUnit[] = ['working_days', 'working_hours', 'calendar_days', 'same_day'];
  const unit: DeadlineUnit[] = new Array(N);
  let seed = 42;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < N; i++) {
    from[i] = start + Math.floor(rnd() * span);
    unit[i] = units[i % 4];
    amount[i] = unit[i] === 'working_hours' ? Math.floor(rnd() * 480) : unit[i] === 'same_day' ? 0 : Math.floor(rnd() * 121) / 2;
    if (unit[i] === 'calendar_days') amount[i] = Math.floor(amount[i]);
  }
  let checksum = 0;
  for (let i = 0; i < 20_000; i++) checksum += cal.due(from[i], amount[i], unit[i], i % 3 === 0 ? '15:00' : undefined).dueAt; // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) checksum += cal.due(from[i], amount[i], unit[i], i % 3 === 0 ? '15:00' : undefined).dueAt;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  log.log(
    `due-date: ${N.toLocaleString('en')} computations in ${ms.toFixed(0)} ms → ${Math.round((N / ms) * 1000).toLocaleString('en')}/s (target: < 2000 ms) [checksum ${checksum % 997}]`,
  );
}

if (wanted('due-dates')) benchDueDates();
await benchDossiers();
