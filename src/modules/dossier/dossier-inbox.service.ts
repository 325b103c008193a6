import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { Db } from '../../database/db.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { formatVn } from '../../common/vn-time.js';
import type { DossierStatus } from '../../workflow-engine/dossier-machine.js';
import { STATUS_TEXT } from './dossier-rules.js';
import { INBOX_BADGES, type InboxQuery } from './dossier.dto.js';
import { searchSql } from './dossier-store.js';
import { PAUSED_LEFT, workingTimeLeft } from './dossier-view.js';
import { DossierEnvFactory } from './dossier-env.js';

type Badge = (typeof INBOX_BADGES)[number];

export const BADGE_TEXT: Record<Badge, string> = {
  on_time: 'Trong hạn',
  warned: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  apologized: 'Đã xin lỗi',
  waiting: 'Chờ công dân',
};

/** Each badge as a condition on the row, so that a filter and the counts say the same thing as the items. */
const BADGE_SQL: Record<Badge, string> = {
  waiting: `status IN ('awaiting_supplement', 'awaiting_payment')`,
  overdue: `status NOT IN ('awaiting_supplement', 'awaiting_payment') AND condition = 'overdue'`,
  apologized: `status NOT IN ('awaiting_supplement', 'awaiting_payment') AND condition IN ('apologized', 'overdue_apologized')`,
  // The owner of a step is warned before the step's own limit as well as the dossier's (issue 24).
  warned: `status NOT IN ('awaiting_supplement', 'awaiting_payment') AND condition = 'on_time' AND (warn_at <= $1 OR step_warn_at <= $1)`,
  on_time: `status NOT IN ('awaiting_supplement', 'awaiting_payment') AND condition = 'on_time' AND (warn_at IS NULL OR warn_at > $1)
    AND (step_warn_at IS NULL OR step_warn_at > $1)`,
};

const ms = (v: unknown): number | null => (v === null || v === undefined ? null : new Date(v as string).getTime());

/**
 * The work inbox (issue 22): what needs this user now, most urgent first (by the due instant of the step the file
 * is at; results waiting to be handed back last). A department sees the open dossiers at a step it owns; the centre
 * also sees those waiting to be handed back and those waiting for the citizen (reception takes the supplement and the
 * fee); a commune-level account sees every open dossier of its commune.
 */
@Injectable()
export class DossierInboxService {
  private readonly procedures: Map<string, { name: string; field: string; steps: Map<string, string> }>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly agencies: AgencyDirectory,
    private readonly calendars: CalendarService,
    private readonly envs: DossierEnvFactory,
    workflows: WorkflowsRef,
  ) {
    this.procedures = new Map(
      workflows.value.procedures.map((p) => [
        p.definition.code,
        { name: p.definition.name, field: p.definition.field, steps: new Map(p.definition.steps.map((s) => [s.id, s.name])) },
      ]),
    );
  }

  /**
   * The rows this user's inbox holds, as disjoint conditions on `dossier` ($1 = now): each is read in the inbox
   * index's order and the page merged from them, so a page never sorts a department's thousands of open dossiers.
   */
  private sources(actor: AuthUser, p: (v: unknown) => string): string[] {
    const own = actor.agencyCode ? this.agencies.get(actor.agencyCode) : undefined;
    if (own?.level === 'department' && own.communeCode) {
      const mine = `step_owner_code = ${p(own.code)}`;
      if (own.kind !== 'centre') return [mine];
      // The centre that received the dossier also hands results back and takes the citizen's papers and fees,
      // whoever holds the step (for a dossier received across a boundary, another commune's department may).
      return [
        mine,
        `receiving_agency_code = ${p(own.communeCode)} AND (resolved_at IS NOT NULL OR status IN ('awaiting_supplement', 'awaiting_payment'))
         AND step_owner_code IS DISTINCT FROM ${p(own.code)}`,
      ];
    }
    return [actor.scope.sql('agency_code', p) ?? 'true'];
  }

  async inbox(actor: AuthUser, q: InboxQuery) {
    const now = this.clock.now().getTime();
    const params: unknown[] = [new Date(now)];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const sources = this.sources(actor, p);
    const where = ['finished_at IS NULL'];
    if (q.procedure) where.push(`procedure_code = ${p(q.procedure)}`);
    if (q.field) where.push(`procedure_code = ANY(${p(this.envs.codesOfField(q.field))})`);
    if (q.status) where.push(`status = ${p(q.status)}`);
    if (q.q) where.push(searchSql(q.q, p));
    const base = where.join(' AND ');
    const filtered = q.badge ? `${base} AND ${BADGE_SQL[q.badge]}` : base;
    const countSql = INBOX_BADGES.map((b) => `count(*) FILTER (WHERE ${BADGE_SQL[b]}) AS ${b}`).join(', ');
    const upTo = q.page * q.pageSize;
    const order = 'ORDER BY step_due_at NULLS LAST, code';
    return this.db.read(async (em) => {
      const [counts] = await em.query(
        `SELECT sum(total)::int AS total, ${INBOX_BADGES.map((b) => `sum(${b})::int AS ${b}`).join(', ')} FROM (
           ${sources.map((src) => `SELECT count(*) AS total, ${countSql} FROM dossier WHERE ${base} AND ${src}`).join(' UNION ALL ')}) c`,
        params,
      );
      const rows = await em.query(
        `SELECT * FROM (${sources
          .map(
            (
              src,
            ) => `(SELECT id, code, agency_code, procedure_code, applicant_name, status, condition, clock, received_at, due_at, warn_at, step_warn_at, step_id,
                              step_owner_code, step_due_at, resolved_at, version, (${BADGE_SQL.warned}) AS warned
                         FROM dossier WHERE ${filtered} AND ${src} ${order} LIMIT ${upTo})`,
          )
          .join(' UNION ALL ')}) s ${order} LIMIT ${q.pageSize} OFFSET ${upTo - q.pageSize}`,
        params,
      );
      const n = q.badge ? counts[q.badge] : counts.total;
      const items = rows.map((r: Record<string, unknown>) => this.item(r, now));
      const byBadge = Object.fromEntries(INBOX_BADGES.map((b) => [b, Number(counts[b] ?? 0)])) as Record<Badge, number>;
      return { at: formatVn(now), items, page: q.page, pageSize: q.pageSize, total: Number(n ?? 0), counts: { all: Number(counts.total ?? 0), ...byBadge } };
    });
  }

  private item(r: Record<string, unknown>, now: number) {
    const status = r.status as DossierStatus;
    const condition = r.condition as string;
    const badge: Badge =
      status === 'awaiting_supplement' || status === 'awaiting_payment'
        ? 'waiting'
        : condition === 'overdue'
          ? 'overdue'
          : condition === 'on_time'
            ? r.warned
              ? 'warned'
              : 'on_time'
            : 'apologized';
    const proc = this.procedures.get(r.procedure_code as string);
    const dueAt = ms(r.due_at)!;
    const stepDueAt = ms(r.step_due_at);
    const cal = this.calendars.forAgency(r.agency_code as string);
    const decided = r.resolved_at !== null && r.resolved_at !== undefined;
    const left = r.clock === 'paused' ? PAUSED_LEFT : decided ? null : workingTimeLeft(cal, now, dueAt);
    const stepId = r.step_id as string | null;
    return {
      id: r.id as string,
      code: r.code as string,
      procedure: { code: r.procedure_code as string, name: proc?.name ?? (r.procedure_code as string), field: proc?.field ?? null },
      applicantName: r.applicant_name as string,
      status,
      statusText: STATUS_TEXT[status],
      badge,
      badgeText: BADGE_TEXT[badge],
      receivedAt: formatVn(ms(r.received_at)!),
      dueAt: formatVn(dueAt),
      step: stepId
        ? {
            id: stepId,
            name: proc?.steps.get(stepId) ?? stepId,
            ownerName: this.agencies.get(r.step_owner_code as string)?.name ?? null,
            dueAt: stepDueAt === null ? null : formatVn(stepDueAt),
          }
        : { id: 'tra_ket_qua_cong_dan', name: 'Trả kết quả cho người nộp', ownerName: null, dueAt: null },
      workingTimeLeft: left,
      version: Number(r.version),
    };
  }
}
