import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { timingSafeEqual } from 'node:crypto';
import { AppError, conflict, notFound, validationFailed } from '../../common/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { Clock } from '../../common/clock.js';
import type { Page } from '../../common/paging.js';
import { Db } from '../../database/db.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { formatVn, parseVnInstant } from '../../common/vn-time.js';
import {
  type AuditResult,
  DOSSIER_LOG,
  EVENT_INSERT_SQL,
  eventRow,
  readEvents,
  type StoredEvent,
  timelineEvent,
  verifyChain,
} from '../../common/event-chain.js';
import { STATUS_TEXT } from './dossier-rules.js';
import { dossierAgencies, type DossierRow } from './dossier-row.js';
import type { ListDossiersQuery, RatingDto } from './dossier.dto.js';
import { DossierService } from './dossier.service.js';
import { dossierView, type DossierView, maskName } from './dossier-view.js';
import { RecentDossiers } from './recent-dossiers.js';
import { DossierStore } from './dossier-store.js';
import { DossierEntity } from './dossier.entity.js';
import { sealOf } from '../audit/audit-seals.js';
import { type AuditedColumns, replayProblems } from './dossier-audit.js';
import { DossierEnvFactory } from './dossier-env.js';
import { stateLabel } from './dossier.service.js';

const iso = (ms: number | null): string | null => (ms === null ? null : formatVn(ms));

/** Reads: one dossier with its timeline, lists with filters, the overdue board, the audit, public tracking. */
@Injectable()
export class DossierQueryService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly dossiers: DossierService,
    private readonly agencies: AgencyDirectory,
    private readonly calendars: CalendarService,
    private readonly recent: RecentDossiers,
    private readonly config: AppConfig,
    private readonly store: DossierStore,
    private readonly envs: DossierEnvFactory,
  ) {}

  /** `withTimeline`: read the events, or use the ones the caller already has; `actor`: what this user may do. */
  async view(em: EntityManager, row: DossierRow, withTimeline: boolean | StoredEvent[], actor?: AuthUser): Promise<DossierView> {
    const env = await this.dossiers.rulesEnv(em, row);
    const events = Array.isArray(withTimeline) ? withTimeline : withTimeline ? await readEvents(em, row.id) : undefined;
    const viewer = actor ? { actor, publicBaseUrl: this.config.publicBaseUrl, now: this.clock.now().getTime() } : undefined;
    return dossierView(row, env, this.agencies, env.def.name, events, viewer);
  }

  /** The dossier if the user's scope covers it; otherwise 404, so other communes' records do not leak. */
  async visible(em: EntityManager, actor: AuthUser, id: string): Promise<DossierRow> {
    return actor.scope.visible(await this.store.load(em, id), dossierAgencies, 'hồ sơ', id);
  }

  /** One dossier with its timeline; kept in `RecentDossiers`, since a user who opens a dossier usually acts on it next. */
  get(actor: AuthUser, id: string): Promise<DossierView> {
    return this.db.read(async (em) => {
      const row = await this.visible(em, actor, id);
      const events = await readEvents(em, row.id);
      this.recent.remember(row, events.map(timelineEvent));
      return this.view(em, row, events, actor);
    });
  }

  async list(actor: AuthUser, q: ListDossiersQuery): Promise<Page<DossierView>> {
    let dueBefore: Date | undefined;
    if (q.dueBefore) {
      const at = parseVnInstant(q.dueBefore);
      if (at === null) throw validationFailed([{ field: 'dueBefore', message: 'phải là thời điểm ISO 8601' }]);
      dueBefore = new Date(at);
    }
    return this.db.read(async (em) => {
      const { rows, total } = await this.store.list(em, actor.scope, this.agencies, { ...q, dueBefore });
      const items: DossierView[] = [];
      for (const r of rows) items.push(await this.view(em, r, false, actor));
      return { items, page: q.page, pageSize: q.pageSize, total };
    });
  }

  async audit(actor: AuthUser, id: string): Promise<AuditResult & { dossierId: string; code: string; rowProblems: string[] }> {
    return this.db.read(async (em) => {
      const row = await this.visible(em, actor, id);
      const seal = await sealOf(em, DOSSIER_LOG, row.id);
      const events = await readEvents(em, row.id);
      const result = verifyChain(events, row.eventCount, row.lastHash, this.store.keys, { log: DOSSIER_LOG, id: row.id, seal });
      // A whole chain is replayed and compared with the row: an edit of the row itself shows too.
      const [columns] = await em.query(
        `SELECT status, condition, due_at, original_due_at, resolved_at, result_class, outcome, apology_count, finished_at, rating FROM dossier WHERE id = $1`,
        [row.id],
      );
      const rowProblems = result.valid
        ? await replayProblems(row, columns as AuditedColumns, events, async (version, ruleSetId) => {
            const { def, machine } = await this.envs.definition(em, row.procedureCode, version);
            return this.envs.envFor(def, machine, await this.envs.ruleSet(em, ruleSetId), row.agencyCode, row.receivingAgencyCode);
          })
        : [];
      const valid = result.valid && rowProblems.length === 0;
      return { dossierId: row.id, code: row.code, ...result, valid, problem: result.problem ?? rowProblems[0] ?? null, rowProblems };
    });
  }

  /**
   * Public tracking (api.md): status, procedure, dates, result state; personal data masked. With the receipt's
   * secret (`k`, from the QR link) the citizen also sees the steps passed, the papers still missing, the apology
   * letters and whether the dossier may be rated; without it, only what the code alone may tell.
   */
  async track(code: string, secret?: string) {
    return this.db.read(async (em) => {
      const row = await this.store.byCode(em, code);
      if (!row) throw notFound('hồ sơ', code);
      const env = await this.dossiers.rulesEnv(em, row);
      const s = row.state;
      const holder = typeof secret === 'string' && secretMatches(row.trackingSecret, secret);
      const base = {
        code: row.code,
        procedure: { code: row.procedureCode, name: env.def.name },
        agency: { code: row.agencyCode, name: this.agencies.get(row.agencyCode)?.name ?? null },
        applicantName: maskName(row.applicant.fullName),
        status: s.status,
        statusText: STATUS_TEXT[s.status],
        receivedAt: iso(s.receivedAt),
        dueAt: iso(s.dueAt),
        result: s.outcome === null ? null : { outcome: s.outcome, readyAt: iso(s.resolvedAt), returnedAt: iso(s.returnedAt) },
        apologies: s.apologies.map((a) => ({ at: iso(a.at), newDueAt: iso(a.newDueAt) })),
        canRate: holder && this.canRate(row),
        rated: row.rating !== null,
        secretValid: holder,
      };
      if (!holder) return base;
      const supplement = [...s.waits].reverse().find((w) => w.kind === 'supplement' && w.resumedAt === null);
      const payment = [...s.waits].reverse().find((w) => w.kind === 'payment' && w.resumedAt === null);
      return {
        ...base,
        originalDueAt: iso(s.originalDueAt),
        denialReason: s.outcome === 'denied' ? s.reason : null,
        steps: s.steps.map((st) => ({
          name: st.name,
          unit: this.agencies.get(st.ownerCode)?.name ?? null,
          startedAt: iso(st.startedAt),
          finishedAt: iso(st.finishedAt),
        })),
        missingPapers: supplement?.items ?? [],
        supplementRequestedAt: supplement ? iso(supplement.requestedAt) : null,
        payment: payment ? { amount: payment.amount ?? null, requestedAt: iso(payment.requestedAt) } : null,
        apologyLetters: s.apologies.map((a) => ({ at: iso(a.at), reason: a.reason, previousDueAt: iso(a.previousDueAt), newDueAt: iso(a.newDueAt) })),
        rating: row.rating ? { level: row.rating, at: row.ratedAt ? formatVn(row.ratedAt) : null } : null,
      };
    });
  }

  private canRate(row: DossierRow): boolean {
    return row.rating === null && row.state.returnedAt !== null;
  }

  /**
   * One rating per dossier, once its result has been handed back, by whoever holds the receipt: the secret printed
   * in its QR link. A missing or wrong secret and an unknown code get the same 403, so codes cannot be probed.
   */
  async rate(code: string, dto: RatingDto): Promise<{ code: string; level: string; ratedAt: string }> {
    return this.db.tx(async (em) => {
      const row = await this.store.byCode(em, code, true);
      if (!row || typeof dto.secret !== 'string' || !secretMatches(row.trackingSecret, dto.secret)) {
        throw new AppError(403, 'RATING_SECRET_INVALID', 'Mã bí mật trên phiếu hẹn không đúng. Hãy mở đường dẫn từ mã QR trên phiếu hẹn để đánh giá.');
      }
      if (row.rating !== null) throw conflict('ALREADY_RATED', 'Hồ sơ này đã được đánh giá.');
      if (!this.canRate(row)) throw conflict('NOT_RATEABLE', 'Chỉ đánh giá được sau khi đã nhận kết quả.', { status: row.state.status });
      const at = this.clock.now();
      // The rating is an event of the dossier's chain, so that an audit finds a rating edited in the row (issue 25).
      const seq = row.eventCount + 1;
      const label = stateLabel(row.state);
      const { params, hash } = eventRow(
        row.id,
        seq,
        row.lastHash,
        { action: 'rate', actorId: null, actorName: 'Người nộp hồ sơ', at, from: label, to: label, payload: { level: dto.level }, note: null },
        this.store.keys,
      );
      await em.query(
        EVENT_INSERT_SQL((n) => `$${n}`),
        params,
      );
      await em
        .getRepository(DossierEntity)
        .update(
          { id: row.id },
          { rating: dto.level, ratingComment: dto.comment ?? null, ratedAt: at, rollupDirty: true, version: row.version + 1, eventCount: seq, lastHash: hash },
        );
      this.recent.forget(row.id, row.version);
      return { code: row.code, level: dto.level, ratedAt: formatVn(at) };
    });
  }
}

/** Constant-time comparison, so that the answer's timing does not spell the secret out. */
function secretMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
