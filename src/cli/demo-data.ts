import type { Agency } from '../modules/agency/agency.schema.js';
import { formatVn } from '../common/vn-time.js';
import type { WorkingCalendar } from '../modules/calendar/working-calendar.js';
import { decidingStepIndex, type ProcedureDefinition } from '../workflow-engine/procedure-definition.js';
import { rng } from '../common/rng.js';

/**
 * Demo data that looks like a commune's last three weeks: different applicants with Vietnamese names (Kinh, Tày and
 * Nùng family names, as in Lạng Sơn), receptions in working hours across channels and procedures, and dossiers in
 * every state a manager meets: just received, in progress, waiting for papers, late, apologised, returned, denied,
 * withdrawn. Deterministic per commune, so two runs give the same people.
 */

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Nông',
  'Lương',
  'Vi',
  'Lộc',
  'Hà',
  'Chu',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Ngô',
  'Dương',
  'Lý',
  'Vũ',
  'Lăng',
  'Triệu',
];
const MALE = {
  middle: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thanh'],
  given: ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Tuấn', 'Việt'],
};
const FEMALE = {
  middle: ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng'],
  given: ['Hoa', 'Lan', 'Mai', 'Hương', 'Hạnh', 'Linh', 'Ngân', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Yến', 'Dung', 'Giang', 'Hà'],
};
const STREETS = ['thôn Nà Lường', 'thôn Khòn Quanh', 'khối 3', 'khối 7', 'thôn Bản Chu', 'thôn Pò Lọi', 'thôn Nà Pàn', 'khu Minh Khai'];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

export function personName(r: () => number): { fullName: string; female: boolean } {
  const female = r() < 0.5;
  const n = female ? FEMALE : MALE;
  return { fullName: `${pick(r, FAMILY)} ${pick(r, n.middle)} ${pick(r, n.given)}`, female };
}

/** A plausible 12-digit personal ID: province of birth, sex and century, year of birth, six random digits. */
function idNumber(r: () => number, female: boolean): string {
  const year = 1955 + Math.floor(r() * 50);
  const centuryDigit = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  return `020${centuryDigit}${String(year % 100).padStart(2, '0')}${String(Math.floor(r() * 1e6)).padStart(6, '0')}`;
}

/** What applicants ask for, by procedure code. */
const SUBJECTS: Record<string, string[]> = {
  '1.001193': ['Đăng ký khai sinh cho con mới sinh', 'Đăng ký khai sinh cho con thứ hai'],
  '1.000656': ['Đăng ký khai tử cho cha', 'Đăng ký khai tử cho mẹ'],
  '1.000894': ['Đăng ký kết hôn'],
  '1.004873': ['Xác nhận tình trạng hôn nhân để đăng ký kết hôn', 'Xác nhận tình trạng hôn nhân để vay vốn ngân hàng'],
  '2.000635': ['Cấp bản sao trích lục khai sinh để nhập học', 'Cấp bản sao trích lục kết hôn'],
  '1.004859': ['Cải chính ngày sinh trong giấy khai sinh', 'Bổ sung tên cha trong giấy khai sinh'],
  '2.000815': ['Chứng thực bằng tốt nghiệp để xin việc', 'Chứng thực giấy chứng nhận quyền sử dụng đất'],
  '2.000884': ['Chứng thực chữ ký trong giấy ủy quyền', 'Chứng thực chữ ký trong đơn xin việc'],
  '1.004194': ['Đăng ký thường trú về ở cùng gia đình'],
  '1.009994': ['Xây nhà ở hai tầng trên đất ở', 'Xây mới nhà ở một tầng'],
  '2.000575': ['Mở cửa hàng tạp hóa', 'Kinh doanh quán ăn'],
  '2.000355': ['Hòa giải tranh chấp ranh giới đất với hộ liền kề'],
  '1.001776': ['Đề nghị hưởng trợ cấp xã hội cho người cao tuổi', 'Đề nghị hưởng trợ cấp cho người khuyết tật'],
};

interface Plan {
  /** Working days ago the dossier was received. */
  receivedAgo: number;
  scenario:
    'received' | 'first_step' | 'in_progress' | 'supplement' | 'returned' | 'late' | 'apologised' | 'denied' | 'withdrawn' | 'result_ready' | 'returned_late';
}

/** A procedure's deadline in working days (a same-day one: most of a day), to keep the demo's events within it. */
function budgetDays(def: ProcedureDefinition): number {
  const { amount, unit } = def.deadline;
  if (unit === 'same_day') return 0.8;
  if (unit === 'working_hours') return amount / 8;
  if (unit === 'calendar_days') return (amount * 5) / 7;
  return amount;
}

/** Late scenarios need a deadline already passed; on-track ones one still ahead; finished ones any. */
function fits(plan: Plan, def: ProcedureDefinition): boolean {
  const b = budgetDays(def);
  if (plan.scenario === 'late' || plan.scenario === 'apologised' || plan.scenario === 'returned_late') return b < plan.receivedAgo * 0.7;
  if (['received', 'first_step', 'in_progress', 'supplement'].includes(plan.scenario)) return b > plan.receivedAgo + 0.3;
  return true;
}

/** The mix of a commune's recent dossiers: most on track, a few late, waiting, apologised; many already returned. */
const PLANS: Plan[] = [
  { receivedAgo: 0.1, scenario: 'received' },
  { receivedAgo: 0.3, scenario: 'received' },
  { receivedAgo: 0.6, scenario: 'first_step' },
  { receivedAgo: 0.9, scenario: 'first_step' },
  { receivedAgo: 1.2, scenario: 'in_progress' },
  { receivedAgo: 1.6, scenario: 'in_progress' },
  { receivedAgo: 2.5, scenario: 'supplement' },
  { receivedAgo: 3.1, scenario: 'result_ready' },
  { receivedAgo: 3.5, scenario: 'returned' },
  { receivedAgo: 4.2, scenario: 'returned' },
  { receivedAgo: 5.0, scenario: 'returned' },
  { receivedAgo: 6.3, scenario: 'returned' },
  { receivedAgo: 7.0, scenario: 'denied' },
  { receivedAgo: 7.5, scenario: 'returned' },
  { receivedAgo: 8.2, scenario: 'withdrawn' },
  { receivedAgo: 9.0, scenario: 'late' },
  { receivedAgo: 9.5, scenario: 'apologised' },
  { receivedAgo: 10.4, scenario: 'returned_late' },
  { receivedAgo: 11.0, scenario: 'returned' },
  { receivedAgo: 12.2, scenario: 'late' },
  { receivedAgo: 13.0, scenario: 'returned' },
  { receivedAgo: 14.1, scenario: 'returned' },
];

export interface DemoDossier {
  item: Record<string, unknown>;
  /** A rating the citizen gives once the result is back, if any. */
  rating: 'very_satisfied' | 'satisfied' | 'dissatisfied' | null;
}

/** The events of a dossier that goes all the way (decision, result back at the centre, handed over). */
function walk(def: ProcedureDefinition, to: 'decided' | 'ready' | 'returned', outcome: 'issued' | 'denied'): Record<string, unknown>[] {
  const d = decidingStepIndex(def);
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < d; i++) events.push({ action: 'complete_step' });
  events.push(
    outcome === 'issued'
      ? { action: 'approve', outcome, electronic: true }
      : { action: 'approve', outcome, reason: 'Giấy tờ chứng minh không hợp lệ theo quy định; đề nghị bổ sung giấy tờ gốc và nộp lại hồ sơ.' },
  );
  if (outcome === 'denied' || to === 'decided') return events;
  for (let i = d + 1; i < def.steps.length; i++) events.push({ action: 'complete_step' });
  if (to === 'returned') events.push({ action: 'return_result' });
  return events;
}

/** A commune's demo dossiers, to be replayed through the history import (deadlines then come from the calendar). */
export function demoDossiers(commune: Agency, seed: number, procedures: ProcedureDefinition[], cal: WorkingCalendar, now: number): DemoDossier[] {
  const r = rng(seed);
  const nowOrd = cal.ordinal(now);
  // An instant `days` working days before now (working time only, so receptions fall in office hours).
  const ago = (days: number): string => formatVn(cal.fromOrdinal(Math.max(1, nowOrd - Math.round(days * cal.workingDayMs))));
  const out: DemoDossier[] = [];
  PLANS.forEach((plan, k) => {
    const suitable = procedures.filter((d) => fits(plan, d));
    const from = suitable.length ? suitable : procedures;
    const def = from[(k * 7 + seed) % from.length];
    const person = personName(r);
    const channel = r() < 0.55 ? 'online' : r() < 0.92 ? 'direct' : 'postal';
    let events: Record<string, unknown>[] = [];
    switch (plan.scenario) {
      case 'received':
        break;
      case 'first_step':
        events = [{ action: 'complete_step' }];
        break;
      case 'in_progress':
        events =
          def.steps.length > 2 ? [{ action: 'complete_step' }, { action: 'complete_step' }].slice(0, decidingStepIndex(def)) : [{ action: 'complete_step' }];
        break;
      case 'supplement':
        events = [
          { action: 'complete_step' },
          { action: 'request_supplement', items: [def.documents?.[1]?.name ?? 'Bản sao giấy tờ chứng minh có chứng thực'] },
        ];
        break;
      case 'late':
        events = [{ action: 'complete_step' }];
        break;
      case 'apologised':
        events = [
          { action: 'complete_step' },
          {
            action: 'issue_apology',
            reason: 'Cần xác minh thêm thông tin với cơ quan liên quan.',
            newDueAt: formatVn(cal.fromOrdinal(nowOrd + 2 * cal.workingDayMs)),
          },
        ];
        break;
      case 'result_ready':
        events = walk(def, 'ready', 'issued');
        break;
      case 'returned':
      case 'returned_late':
        events = walk(def, 'returned', 'issued');
        break;
      case 'denied':
        events = walk(def, 'decided', 'denied');
        break;
      case 'withdrawn':
        events = [{ action: 'complete_step' }, { action: 'withdraw', reason: 'Người nộp đề nghị rút hồ sơ để bổ sung sau.' }];
        break;
    }
    // Spread the events over the time since reception, each in working time and before now: within the deadline, or
    // (returned late) over the whole time since reception, which is longer than the procedure's deadline.
    const within = budgetDays(def) * 0.75;
    const span = Math.min(
      plan.receivedAgo - 0.05,
      plan.scenario === 'late' || plan.scenario === 'apologised' ? 0.3 : plan.scenario === 'returned_late' ? plan.receivedAgo - 0.1 : within,
    );
    events = events.map((e, i) => ({ ...e, at: ago(plan.receivedAgo - (span * (i + 1)) / events.length) }));
    const docs = (def.documents ?? []).filter((d) => !d.optional || r() < 0.5).map((d) => ({ name: d.name, form: d.form, count: d.count }));
    out.push({
      item: {
        procedureCode: def.code,
        agencyCode: commune.code,
        channel,
        applicant: {
          fullName: person.fullName,
          idNumber: idNumber(r, person.female),
          phone: `09${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
          address: `${pick(r, STREETS)}, ${commune.name}`,
        },
        subject: pick(r, SUBJECTS[def.code] ?? [def.name]),
        documents: docs.length ? docs : [{ name: 'Tờ khai theo mẫu', form: 'original', count: 1 }],
        receivedAt: ago(plan.receivedAgo),
        events,
      },
      rating: plan.scenario === 'returned' ? (k % 5 === 0 ? 'dissatisfied' : k % 2 === 0 ? 'very_satisfied' : k % 3 === 0 ? null : 'satisfied') : null,
    });
  });
  return out;
}
