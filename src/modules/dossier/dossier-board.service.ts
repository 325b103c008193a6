import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { Db } from '../../database/db.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { formatVn } from '../../common/vn-time.js';
import { lateStepOf } from './dossier-department.js';
import { type DossierState, STATUS_TEXT, type StepRecord } from './dossier-rules.js';
import { DossierEnvFactory } from './dossier-env.js';
import type { BoardQuery } from './dossier.dto.js';
import { PAUSED_LEFT, workingTimeLeft } from './dossier-view.js';
import { BOARD_BUCKETS, type BoardBucket, DossierStore } from './dossier-store.js';

export const BUCKET_TEXT: Record<BoardBucket, string> = {
  overdue: 'Quá hạn',
  apology_due: 'Phải xin lỗi',
  warned: 'Sắp đến hạn',
  waiting: 'Chờ công dân',
};

/** The most items one board answers; a province's board beyond that says so (`truncated`) and asks for a filter. */
const LIMIT = 3000;

const iso = (v: number | null): string | null => (v === null ? null : formatVn(v));

/**
 * The overdue board (issue 23): what a centre manager and the commune's leaders watch each morning, grouped by the
 * department the lateness is attributed to (domain.md §6: the unit owning the late step).
 */
@Injectable()
export class DossierBoardService {
  constructor(
    private readonly db: Db,
    private readonly store: DossierStore,
    private readonly clock: Clock,
    private readonly agencies: AgencyDirectory,
    private readonly calendars: CalendarService,
    private readonly envs: DossierEnvFactory,
  ) {}

  async board(actor: AuthUser, q: BoardQuery) {
    const now = this.clock.now().getTime();
    const filter = { agency: q.agency, procedure: q.procedure, field: q.field ? this.envs.codesOfField(q.field) : undefined, now: new Date(now) };
    const rows = await this.db.read((em) => this.store.board(em, actor.scope, this.agencies, filter, LIMIT + 1));
    const truncated = rows.length > LIMIT;
    const items = rows.slice(0, LIMIT).map((r) => this.item(r, now));
    const order = (b: BoardBucket): number => BOARD_BUCKETS.indexOf(b);
    items.sort((a, b) => order(a.bucket) - order(b.bucket) || (a.workingTimeLeft?.ms ?? 0) - (b.workingTimeLeft?.ms ?? 0));
    const zero = (): Record<BoardBucket, number> => ({ overdue: 0, apology_due: 0, warned: 0, waiting: 0 });
    const counts = zero();
    const units = new Map<string, { code: string; name: string; counts: Record<BoardBucket, number> }>();
    for (const i of items) {
      counts[i.bucket]++;
      let u = units.get(i.unit.code);
      if (!u) units.set(i.unit.code, (u = { code: i.unit.code, name: i.unit.name, counts: zero() }));
      u.counts[i.bucket]++;
    }
    const departments = [...units.values()].sort(
      (a, b) => b.counts.overdue - a.counts.overdue || b.counts.apology_due - a.counts.apology_due || a.name.localeCompare(b.name, 'vi'),
    );
    return { at: formatVn(now), counts, departments, truncated, items };
  }

  private item(r: Record<string, unknown>, now: number) {
    const s = r.state as DossierState;
    const bucket = r.bucket as BoardBucket;
    const def = this.envs.find(r.procedure_code as string);
    const cal = this.calendars.forAgency(r.agency_code as string);
    const step = s.steps[s.machine.context.stepIndex] as StepRecord | undefined;
    const stepLate = step !== undefined && step.dueAt !== null && now > step.dueAt;
    // The lateness belongs to the step where the delay began (the rule reports by department use), else the one at hand.
    const lateStep = lateStepOf(s, now) ?? step;
    const unitCode = lateStep?.ownerCode ?? (r.agency_code as string);
    const left = r.clock === 'paused' ? PAUSED_LEFT : workingTimeLeft(cal, now, s.dueAt);
    return {
      id: r.id as string,
      code: r.code as string,
      agency: { code: r.agency_code as string, name: this.agencies.get(r.agency_code as string)?.name ?? (r.agency_code as string) },
      procedure: { code: r.procedure_code as string, name: def?.name ?? (r.procedure_code as string), field: def?.field ?? null },
      applicantName: r.applicant_name as string,
      status: s.status,
      statusText: STATUS_TEXT[s.status],
      condition: r.condition as string,
      bucket,
      bucketText: BUCKET_TEXT[bucket],
      dueAt: formatVn(s.dueAt),
      originalDueAt: formatVn(s.originalDueAt),
      workingTimeLeft: left,
      step: step ? { id: step.id, name: step.name, dueAt: iso(step.dueAt), late: stepLate } : null,
      unit: { code: unitCode, name: this.agencies.get(unitCode)?.name ?? unitCode },
      apology: {
        issued: s.apologies.length,
        needed: s.apologies.length === 0 && (bucket === 'overdue' || bucket === 'apology_due'),
        dueBy: iso(s.apologyDueBy),
      },
      version: Number(r.version),
    };
  }
}
