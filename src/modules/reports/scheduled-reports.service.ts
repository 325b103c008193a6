import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { isUuid } from '../../common/uuid.js';
import { Db } from '../../database/db.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { Scope } from '../agency/scope.js';
import type { AuthUser } from '../auth/auth-user.js';
import { formatVn, vnDate } from '../../common/vn-time.js';
import { NotificationService } from '../notification/notification.service.js';
import { writeOutbox } from '../notification/outbox.js';
import { toForm06Row } from './form-06a.js';
import { periodText } from './period.js';
import { reportWindow } from './reporting-window.js';
import { IndicatorsService } from './indicators.service.js';
import { type Plan, planYears } from './plan.schema.js';
import { jsonColumn } from '../../database/json-column.js';
import { In } from 'typeorm';
import { ReportRunEntity } from './report-run.entity.js';

type Cadence = NonNullable<Plan['reporting']>['cadence'][number];

/** Periods of a cadence in a year, as `namedPeriod` names (months as 2026-01 … 2026-12). */
function periodsOf(cadence: Cadence, year: number): string[] {
  switch (cadence) {
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    case 'quarterly':
      return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
    case 'half_year':
      return [`${year}-H1`, `${year}-H2`];
    case 'yearly':
      return [`${year}`];
  }
}

/**
 * Each plan's reporting cadence (plan `reporting`): once a period's data window has ended, Biểu II.06a for it is
 * produced once, kept in `report_run`, and the commune's centre is told, with the day it is due to be sent. The window
 * and the due day follow the plan's reading of "kỳ báo cáo" (`reporting-window.ts`).
 */
@Injectable()
export class ScheduledReportsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly workflows: WorkflowsRef,
    private readonly agencies: AgencyDirectory,
    private readonly indicators: IndicatorsService,
    private readonly jobs: JobRunner,
    private readonly notifications: NotificationService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ queue: QueueName.Reports, name: 'scheduled-reports', everyMs: 3600_000, handle: () => this.run().then(() => undefined) });
  }

  /** Produces every due report not produced yet; returns the periods produced. */
  async run(): Promise<string[]> {
    const today = vnDate(this.clock.now());
    const produced: string[] = [];
    const system: AuthUser = { id: '', username: 'system', fullName: 'Hệ thống', roles: ['admin'], agencyCode: null, scope: Scope.everything() };
    for (const plan of this.workflows.value.plans) {
      if (!plan.reporting) continue;
      const [y0, y1] = planYears(plan);
      for (let year = y0; year <= y1; year++) {
        for (const cadence of plan.reporting.cadence) {
          for (const period of periodsOf(cadence, year)) {
            const { from, to, dueOn } = reportWindow(period, plan.reporting.reading?.value ?? 'cutoff_14', plan.reporting.due_day_of_period);
            if (to >= today) continue;
            const exists = await this.db.read((em) => em.getRepository(ReportRunEntity).existsBy({ agencyCode: plan.agencyCode, form: 'II.06a', period }));
            if (exists) continue;
            const r = await this.indicators.indicators(system, { agency: plan.agencyCode, from, to, groupBy: 'field' });
            const data = {
              form: 'II.06a',
              agency: plan.agencyCode,
              from,
              to,
              rows: r.rows.map((row, i) => toForm06Row(i + 1, row)),
              total: toForm06Row(null, { ...r.total, label: 'Tổng số' }),
            };
            const inserted = await this.db.tx(async (em) => {
              const { raw: rows } = await em
                .createQueryBuilder()
                .insert()
                .into(ReportRunEntity)
                .values({ agencyCode: plan.agencyCode, form: 'II.06a', period, fromDate: from, toDate: to, dueOn, producedAt: this.clock.now(), data })
                .orIgnore()
                .returning('id')
                .execute();
              // Another process produced it first (the pair agency, period is unique): nothing more to do.
              if (rows.length === 0) return false;
              const centre = this.agencies.departmentOfKind(plan.agencyCode, 'centre')?.code ?? plan.agencyCode;
              await writeOutbox(em, [
                {
                  kind: 'report_ready',
                  dossierId: null,
                  agencyCode: centre,
                  audience: 'staff',
                  recipient: null,
                  subject: `Biểu II.06a ${periodText(period)} đã được lập`,
                  body:
                    `Báo cáo tình hình, kết quả giải quyết TTHC ${periodText(period)} (${from} – ${to}) đã lập xong; ` +
                    `hạn gửi ${plan.reporting!.to}: ${dueOn}.`,
                },
              ]);
              return true;
            });
            if (inserted) produced.push(`${plan.agencyCode} ${period}`);
          }
        }
      }
    }
    if (produced.length) this.notifications.kick();
    return produced;
  }

  async list(actor: AuthUser, agency?: string) {
    const communes = this.indicators.communes(actor.scope, agency, actor.agencyCode);
    const rows = await this.db.read((em) =>
      em.getRepository(ReportRunEntity).find({
        select: { id: true, agencyCode: true, form: true, period: true, fromDate: true, toDate: true, dueOn: true, producedAt: true },
        where: { agencyCode: In(communes) },
        order: { fromDate: 'DESC', period: 'ASC' },
      }),
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        agencyCode: r.agencyCode,
        form: r.form,
        period: r.period,
        from: r.fromDate,
        to: r.toDate,
        dueOn: r.dueOn,
        producedAt: formatVn(r.producedAt),
        onTime: vnDate(r.producedAt) <= r.dueOn,
      })),
    };
  }

  async get(actor: AuthUser, id: string): Promise<Record<string, unknown>> {
    const ok = isUuid(id);
    const found = ok ? await this.db.read((em) => em.getRepository(ReportRunEntity).findOneBy({ id })) : null;
    const row = actor.scope.visible(found, (r) => r.agencyCode, 'báo cáo', id);
    return jsonColumn<Record<string, unknown>>(row.data);
  }
}
