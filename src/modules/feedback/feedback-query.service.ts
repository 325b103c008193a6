import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { notFound } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { FEEDBACK_LOG, readEvents, verifyChain } from '../../common/event-chain.js';
import { sealOf } from '../audit/audit-seals.js';
import type { Page } from '../../common/paging.js';
import { Db } from '../../database/db.js';
import { buildFeedbackMachine } from '../../workflow-engine/feedback-machine.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CalendarService } from '../calendar/calendar.service.js';
import type { ListFeedbackQuery } from './feedback.dto.js';
import { type FeedbackRow, feedbackView, publicFeedbackView } from './feedback-view.js';
import { FeedbackStore } from './feedback-store.js';

/** Reading feedback: one item (with its timeline and audit), the staff's lists, and what the public may see. */
@Injectable()
export class FeedbackQueryService {
  private readonly machine = buildFeedbackMachine();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly agencies: AgencyDirectory,
    private readonly calendars: CalendarService,
    private readonly store: FeedbackStore,
  ) {}

  /** The row if this user may see it; otherwise 404. */
  async visible(em: EntityManager, actor: AuthUser, id: string): Promise<FeedbackRow> {
    return actor.scope.visible(await this.store.load(em, id), (r) => r.agency_code, 'phản ánh', id);
  }

  /** The staff's view inside a transaction, with the timeline when asked. */
  async viewIn(em: EntityManager, r: FeedbackRow, timeline: boolean) {
    return feedbackView(this.machine, r, this.clock.now().getTime(), timeline ? await readEvents(em, r.id, FEEDBACK_LOG) : undefined);
  }

  get(actor: AuthUser, id: string) {
    return this.db.read(async (em) => {
      const row = await this.visible(em, actor, id);
      return this.viewIn(em, row, true);
    });
  }

  async audit(actor: AuthUser, id: string) {
    return this.db.read(async (em) => {
      const row = await this.visible(em, actor, id);
      const owner = { log: FEEDBACK_LOG, id: row.id, seal: await sealOf(em, FEEDBACK_LOG, row.id) };
      return {
        feedbackId: row.id,
        code: row.code,
        ...verifyChain(await readEvents(em, row.id, FEEDBACK_LOG), Number(row.event_count), row.last_hash, this.store.keys, owner),
      };
    });
  }

  /** Staff list; `overdue=true` and `dueWithinDays` make the feedback board (late, due soon). */
  async list(actor: AuthUser, q: ListFeedbackQuery): Promise<Page<ReturnType<typeof feedbackView>>> {
    const now = this.clock.now();
    // The bound of `dueWithinDays` is generous in calendar days; the working-time check below is exact.
    const dueBy = q.dueWithinDays === undefined ? undefined : new Date(now.getTime() + (q.dueWithinDays + 3) * 86_400_000);
    return this.db.read(async (em) => {
      const { rows, total } = await this.store.list(em, actor.scope, this.agencies, { ...q, now, dueBy });
      let items = [];
      for (const r of rows) items.push(await this.viewIn(em, r, false));
      if (q.dueWithinDays !== undefined) {
        items = items.filter((i) => {
          const cal = this.calendars.forAgency(i.agencyCode);
          return cal.remaining(now.getTime(), Date.parse(i.dueAt!)) <= q.dueWithinDays! * cal.workingDayMs;
        });
      }
      return { items, page: q.page, pageSize: q.pageSize, total };
    });
  }

  async publicGet(code: string) {
    const r = await this.store.byCode(this.db.autocommit, code);
    if (!r) throw notFound('phản ánh', code);
    return publicFeedbackView(r, this.agencies.get(r.agency_code)?.name ?? null);
  }

  async publicList(q: { page: number; pageSize: number; agency?: string }) {
    return this.db.read(async (em) => {
      const { rows, total } = await this.store.published(em, q.agency ? this.agencies.subtree(q.agency) : null, q.page, q.pageSize);
      return {
        items: rows.map((r) => publicFeedbackView(r, this.agencies.get(r.agency_code)?.name ?? null)),
        page: q.page,
        pageSize: q.pageSize,
        total,
      };
    });
  }
}
