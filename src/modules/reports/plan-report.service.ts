import { Injectable } from '@nestjs/common';
import { validationFailed } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import type { AuthUser } from '../auth/auth-user.js';
import { dayIndexOfDate, vnDate } from '../../common/vn-time.js';
import { type IndicatorRow, IndicatorsService } from './indicators.service.js';
import { type LoadedPlan, type PlanTarget, planYears } from './plan.schema.js';
import { AgencyDirectory } from '../agency/agency-directory.js';

type Status = 'met' | 'not_met' | 'not_measured';
type FeedbackFigures = Awaited<ReturnType<IndicatorsService['feedback']>>;

interface Measured {
  actual: number;
  numerator: number;
  denominator: number;
  /** Rates keep their pace; counts grow with the year. */
  kind: 'rate' | 'count';
}

const compare = (a: number, op: PlanTarget['op'], b: number): boolean => (op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b);
const pct = (num: number, den: number): number => Math.round((num / den) * 10000) / 100;

/** Why a target cannot be measured from this system's data (shown instead of a number). */
const NOT_MEASURABLE: Record<string, string> = {
  feedback_published_share: 'việc cập nhật lên Hệ thống PAKN quốc gia không được ghi nhận',
  online_payment_enabled_share: 'hệ thống chưa ghi nhận thủ tục nào đã tích hợp thanh toán trực tuyến',
  received_on_system_share: 'không đo được hồ sơ nằm ngoài hệ thống',
  procedures_published_share: 'việc niêm yết công khai không được ghi nhận trong hệ thống',
  digital_inspection_share: 'hoạt động kiểm tra không thuộc phạm vi hệ thống',
  inspection_coverage: 'hoạt động kiểm tra không thuộc phạm vi hệ thống',
  electronic_work_records_share: 'hồ sơ công việc nội bộ không thuộc phạm vi hệ thống',
  online_services_multi_device_share: 'không thuộc phạm vi dữ liệu hồ sơ',
};

/**
 * Plan targets against the actual values (issue 5): met / not met / not measured with the reason, and whether
 * the year-end target will be met at the current pace. Actuals are year-to-date (to today, or the year's end).
 */
type Part = (r: IndicatorRow) => number;

/** The plan's rates that are a ratio of two sums over the indicator rows in scope: numerator, denominator. */
const ROW_RATES: Record<string, [Part, Part]> = {
  on_time_rate: [(r) => r.resolved.early + r.resolved.onTime, (r) => r.resolved.total],
  // QĐ 766: decided dossiers neither rated "không hài lòng" nor the subject of a feedback about their handling.
  satisfaction_rate: [(r) => r.basis.decided - r.basis.dissatisfied766, (r) => r.basis.decided],
  online_rate: [(r) => r.received.online, (r) => r.basis.receivedInPeriod],
  online_payment_rate: [(r) => r.basis.paidOnline, (r) => r.basis.payments],
  electronic_result_rate: [(r) => r.basis.electronicResults, (r) => r.basis.decided],
  // Recorded at reception (each component, data reused) and at the decision (the result): domain.md §7.
  digitised_rate: [(r) => r.basis.digitised, (r) => r.basis.decided],
  data_reuse_rate: [(r) => r.basis.dataReused, (r) => r.basis.receivedInPeriod],
  apology_compliance_rate: [(r) => r.apologies.issuedOnTime, (r) => r.apologies.required],
};

@Injectable()
export class PlanReportService {
  constructor(
    private readonly workflows: WorkflowsRef,
    private readonly indicators: IndicatorsService,
    private readonly clock: Clock,
    private readonly agencies: AgencyDirectory,
  ) {}

  plansFor(agency: string, year: number): LoadedPlan[] {
    return this.workflows.value.plans.filter((p) => {
      const [a, b] = planYears(p);
      return p.agencyCode === agency && a <= year && year <= b;
    });
  }

  private offered(commune: string) {
    return this.workflows.value.procedures.filter((p) => p.offeredBy.includes(commune)).map((p) => p.definition);
  }

  private measure(
    t: PlanTarget,
    commune: string,
    total: IndicatorRow,
    byField: IndicatorRow[],
    byProcedure: IndicatorRow[],
    fb: FeedbackFigures,
  ): Measured | string {
    const rate = (num: number, den: number): Measured | string =>
      den === 0 ? 'chưa có hồ sơ để tính (mẫu số bằng 0)' : { actual: pct(num, den), numerator: num, denominator: den, kind: 'rate' };
    const scoped = t.scope ? byField.filter((r) => t.scope!.fields.includes(r.key)) : [total];
    const sum = (f: (r: IndicatorRow) => number): number => scoped.reduce((n, r) => n + f(r), 0);
    const ratio = ROW_RATES[t.indicator];
    if (ratio) return rate(sum(ratio[0]), sum(ratio[1]));
    switch (t.indicator) {
      case 'feedback_on_time_rate':
        return rate(fb.onTime, fb.judged);
      case 'late_dossiers': {
        const n = sum((r) => r.resolved.late + r.inProgress.overdue);
        return { actual: n, numerator: n, denominator: 1, kind: 'count' };
      }
      case 'full_online_service_share': {
        // Of the procedures eligible for full-online service (the plans' "đủ điều kiện"): eligible unless the
        // procedure's file says the law requires presence (`fullOnlineEligible`).
        const list = this.offered(commune).filter((p) => p.fullOnlineEligible?.value !== false);
        return rate(list.filter((p) => p.online === 'full').length, list.length);
      }
      case 'full_online_dossier_rate': {
        const full = new Set(
          this.offered(commune)
            .filter((p) => p.online === 'full')
            .map((p) => p.code),
        );
        return rate(
          byProcedure.filter((r) => full.has(r.key)).reduce((n, r) => n + r.received.online, 0),
          total.basis.receivedInPeriod,
        );
      }
      case 'online_service_with_dossiers_share': {
        const online = this.offered(commune).filter((p) => p.online !== 'none');
        const withDossiers = online.filter((p) => byProcedure.some((r) => r.key === p.code && r.received.online > 0));
        return rate(withDossiers.length, online.length);
      }
      default:
        return NOT_MEASURABLE[t.indicator] ?? 'chỉ số chưa được hệ thống tính';
    }
  }

  async report(actor: AuthUser, q: { agency?: string; year?: string }) {
    const asked = q.agency ?? actor.agencyCode;
    if (!asked) throw validationFailed([{ field: 'agency', message: 'cần chọn xã/phường' }]);
    // A department's (or its manager's own) unit answers with its commune's plan: plans are the communes'.
    const unit = this.agencies.get(asked);
    const agency = unit?.level === 'department' ? unit.communeCode! : asked;
    const communes = this.indicators.communes(actor.scope, agency, actor.agencyCode);
    if (communes.length !== 1 || communes[0] !== agency) throw validationFailed([{ field: 'agency', message: 'kế hoạch CCHC gắn với một xã/phường' }]);
    const now = this.clock.now();
    const year = q.year === undefined ? Number(vnDate(now).slice(0, 4)) : Number(q.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw validationFailed([{ field: 'year', message: 'năm không hợp lệ' }]);
    const plans = this.plansFor(agency, year);

    const today = vnDate(now);
    const yearEnd = `${year}-12-31`;
    const to = today < yearEnd ? (today < `${year}-01-01` ? `${year}-01-01` : today) : yearEnd;
    const from = `${year}-01-01`;
    const elapsed = dayIndexOfDate(to) - dayIndexOfDate(from) + 1;
    const days = dayIndexOfDate(yearEnd) - dayIndexOfDate(from) + 1;
    const figures = await this.indicators.breakdown(actor, { agency, from, to }, ['field', 'procedure']);

    return {
      agency,
      year,
      asOf: to,
      plans: plans.map((p) => ({
        plan: p.plan,
        targets: p.targets.map((t) => {
          const m = this.measure(t, agency, figures.total, figures.rows.field, figures.rows.procedure, figures.feedback);
          const head = { indicator: t.indicator, text: t.text, op: t.op, target: t.value, scope: t.scope ?? null };
          // A target the province sets (the plan writes no value): its actual is shown, its status cannot be judged.
          if (t.value === null && typeof m !== 'string') {
            const { kind: _kind, ...shown } = m;
            return { ...head, ...shown, status: 'not_measured' as Status, reason: 'chỉ tiêu do cấp trên giao, kế hoạch không ghi giá trị', projection: null };
          }
          if (typeof m === 'string') {
            return {
              ...head,
              actual: null,
              status: 'not_measured' as Status,
              reason: m,
              projection: null,
            };
          }
          const status: Status = compare(m.actual, t.op, t.value!) ? 'met' : 'not_met';
          const projected = m.kind === 'rate' ? m.actual : Math.round((m.actual * days) / elapsed);
          return {
            ...head,
            actual: m.actual,
            numerator: m.numerator,
            denominator: m.denominator,
            status,
            reason: null,
            projection: { yearEnd: projected, onTrack: compare(projected, t.op, t.value!) },
          };
        }),
        notMeasured: (p.not_measured ?? []).map((text) => ({ text, status: 'not_measured' as Status, reason: 'không đo được từ dữ liệu hồ sơ' })),
        // The plan's tasks in brief (their progress: /api/v1/plans, src/modules/plans).
        tasks: p.planTasks.map((t) => ({ id: t.id, text: t.content, owner: t.lead.map((u) => p.units?.[u]?.name ?? u).join('; '), due: t.deadline.text })),
        reporting: p.reporting ?? null,
      })),
    };
  }
}
