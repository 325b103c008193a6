import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { Db, type Queryable } from '../../database/db.js';
import { RecentRows } from '../../workflow-engine/recent-rows.js';
import { type Decision, TransitionRunner } from '../../workflow-engine/transition-runner.js';
import { isUuid } from '../../common/uuid.js';
import { type FeedbackItem, feedbackItem, FeedbackStore, type FeedbackWriteExtra } from './feedback-store.js';
import {
  buildFeedbackMachine,
  type FeedbackEvent,
  type FeedbackStatus,
  feedbackAllowed,
  restoreFeedback,
  startFeedback,
  stepFeedback,
} from '../../workflow-engine/feedback-machine.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { formatVn, vnDate } from '../../common/vn-time.js';
import { classifyFinish } from '../calendar/working-calendar.js';
import { nextDossierCode } from '../dossier/dossier-code.js';
import type { NotificationMessage } from '../notification/outbox.js';
import { FeedbackEntity } from './feedback.entity.js';
import type { FeedbackProcess } from './feedback-process.js';
import { FeedbackQueryService } from './feedback-query.service.js';
import { FEEDBACK_STATUS_TEXT, type FeedbackRow, iso, staffMessage } from './feedback-view.js';
import type { CreateFeedbackDto, FeedbackActionDto } from './feedback.dto.js';
import { jsonColumn } from '../../database/json-column.js';

type Channel = 'portal' | 'in_person' | 'phone' | 'hotline' | 'email' | 'open311';
const ACTION_ROLES = {
  classify: ['reception', 'manager'],
  forward: ['reception', 'manager'],
  answer: ['specialist', 'leader', 'manager'],
  publish: ['manager', 'leader'],
} as const;

/**
 * Feedback (PAKN, domain.md §8): receive from the public form or staff, classify, forward, answer, publish — each
 * action one transaction with the row locked and the version compared, hash-chained events, outbox messages.
 */
@Injectable()
export class FeedbackService {
  private readonly machine = buildFeedbackMachine();
  private readonly runner: TransitionRunner<FeedbackItem, FeedbackWriteExtra, Queryable>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly workflows: WorkflowsRef,
    private readonly agencies: AgencyDirectory,
    private readonly calendars: CalendarService,
    private readonly query: FeedbackQueryService,
    private readonly store: FeedbackStore,
  ) {
    // Nothing kept between actions (capacity 0): feedback is not a hot path, every action reads its item.
    this.runner = new TransitionRunner(store, new RecentRows<FeedbackItem>(0), { reads: 8, writes: 8 });
  }

  processFor(at: Date): FeedbackProcess {
    const day = vnDate(at);
    const p = [...this.workflows.value.feedback].reverse().find((x) => x.effectiveFrom <= day);
    if (!p) throw new AppError(422, 'FEEDBACK_PROCESS_MISSING', `Không có quy trình xử lý PAKN áp dụng cho ngày ${day}.`);
    return p;
  }

  /**
   * Public submissions: the size limit from the process file. How many one address may send per hour (the same file)
   * is counted before the request reaches here, by the route's rate limit (common/rate-limit.ts).
   */
  async submitPublic(dto: CreateFeedbackDto, channel: Channel = 'portal', geo?: { lat?: number; long?: number; address?: string }) {
    const at = this.clock.now();
    const p = this.processFor(at);
    if (dto.body.length > p.public.maxBodyChars.value) {
      throw validationFailed([{ field: 'body', message: `nội dung dài tối đa ${p.public.maxBodyChars.value} ký tự` }]);
    }
    const created = await this.db.tx((em) => this.createIn(em, dto, channel, { id: null, name: 'Cổng tiếp nhận PAKN' }, at, geo));
    this.told(created);
    return created;
  }

  /** The live pages and the notification worker hear of a received item. */
  private told(f: { id: string; code: string; status: string; version: number; agencyCode: string }): void {
    this.store.committed([feedbackItem({ ...f, agency_code: f.agencyCode, event_count: 1, last_hash: '' } as FeedbackRow)]);
  }

  async createByStaff(actor: AuthUser, dto: CreateFeedbackDto, channel: Channel) {
    if (!actor.roles.some((r) => r === 'reception' || r === 'manager')) throw forbidden('Chỉ cán bộ Trung tâm mới ghi nhận phản ánh.');
    actor.scope.mayActFor(this.agencies.communeOf(dto.agencyCode), 'Bạn chỉ ghi nhận phản ánh của xã/phường mình.');
    const at = this.clock.now();
    const created = await this.db.tx((em) => this.createIn(em, dto, channel, { id: actor.id, name: actor.fullName }, at));
    this.told(created);
    return created;
  }

  private async createIn(
    em: EntityManager,
    dto: CreateFeedbackDto,
    channel: Channel,
    actor: { id: string | null; name: string },
    at: Date,
    geo?: { lat?: number; long?: number; address?: string },
  ) {
    const commune = this.agencies.communeOf(dto.agencyCode);
    const p = this.processFor(at);
    let dossierId: string | null = null;
    if (dto.dossierCode) {
      dossierId = await this.store.dossierIdOf(em, dto.dossierCode, commune);
      if (!dossierId) {
        throw validationFailed([{ field: 'dossierCode', message: `không có hồ sơ "${dto.dossierCode}" tại ${this.agencies.get(commune)?.name}` }]);
      }
    }
    const cal = this.calendars.forAgency(commune);
    const classifyDue = cal.due(at.getTime(), p.limits.classify.amount, p.limits.classify.unit).dueAt;
    const due = cal.due(at.getTime(), p.limits.total.amount, p.limits.total.unit).dueAt;
    // Warn when this little working time is left (process parameter), never before reception.
    const warnAt = cal.fromOrdinal(Math.max(cal.ordinal(at.getTime()), cal.ordinal(due) - Math.round(p.warnings.remainingWorkingDays * cal.workingDayMs)));
    // Classification is warned before its own limit too (issue 24: each step, not only the total).
    const stepWarnAt = this.stepWarning(commune, p, at.getTime(), classifyDue);
    const snapshot = startFeedback(this.machine);
    const code = await nextDossierCode(em, `${this.agencies.get(commune)!.unitId}-PA`, at);
    const id = await this.store.insertReceived(
      em,
      {
        code,
        agencyCode: commune,
        channel,
        sender: dto.sender,
        subject: dto.subject,
        body: dto.body,
        about: dto.about,
        dossierId,
        address: geo?.address ?? null,
        lat: geo?.lat ?? null,
        long: geo?.long ?? null,
        state: { value: snapshot.value, context: snapshot.context, processId: p.id },
        receivedAt: at,
        classifyDueAt: new Date(classifyDue),
        dueAt: new Date(due),
        warnAt: new Date(warnAt),
        stepWarnAt: new Date(stepWarnAt),
      },
      { action: 'receive', actorId: actor.id, actorName: actor.name, at, from: null, to: 'received', payload: { channel, processId: p.id }, note: null },
      [
        staffMessage(
          commune,
          'feedback_received',
          `[${code}] Phản ánh mới cần phân loại`,
          `Phân loại trước ${formatVn(classifyDue).slice(0, 16)}: ${dto.subject}`,
        ),
      ],
    );
    // The version too, as a reception answers it: staff who logged the item can act on it without reading it again.
    return {
      id,
      code,
      agencyCode: commune,
      status: 'received' as FeedbackStatus,
      version: 1,
      receivedAt: formatVn(at),
      dueAt: formatVn(due),
    };
  }

  /** When a step counted from `from` and due at `due` is warned (the process's share, or its days left if earlier). */
  private stepWarning(commune: string, p: FeedbackProcess, from: number, due: number): number {
    const cal = this.calendars.forAgency(commune);
    return cal.earlyWarning(cal.normalize(from), due, p.warnings.stepBudgetUsedPercent, p.warnings.remainingWorkingDays);
  }

  async act(actor: AuthUser, id: string, dto: FeedbackActionDto) {
    if (!isUuid(id)) throw notFound('phản ánh', id);
    const written = await this.runner.run(id, dto.expectedVersion, {
      admit: ({ row }) => {
        actor.scope.visible(row, (r) => r.agency_code, 'phản ánh', id);
        if (!ACTION_ROLES[dto.action].some((r) => actor.roles.includes(r))) throw forbidden(`Bạn không thực hiện được thao tác "${dto.action}" với phản ánh.`);
      },
      decide: (item) => this.decide(actor, item, dto, this.clock.now()),
    });
    return this.db.read(async (em) => this.query.viewIn(em, (await this.store.load(em, written.row.id))!, true));
  }

  /** The machine's move and what the action sets and tells: the item after it, nothing written yet. */
  private decide(actor: AuthUser, { row, ...item }: FeedbackItem, dto: FeedbackActionDto, at: Date): Decision<FeedbackItem, FeedbackWriteExtra> {
    const state = jsonColumn<{ value: unknown; context: { forwards: number }; processId: string; forwardDueAt?: number }>(row.state);
    const snap = restoreFeedback(this.machine, state);
    const event: FeedbackEvent = dto.action === 'classify' ? { type: 'classify', inScope: dto.inScope ?? true } : { type: dto.action };
    if (dto.action === 'classify' && typeof dto.inScope !== 'boolean') {
      throw validationFailed([{ field: 'inScope', message: 'phải cho biết có thuộc phạm vi xử lý (true/false)' }]);
    }
    const next = stepFeedback(this.machine, snap, event);
    if (!next) {
      throw new AppError(409, 'ACTION_NOT_ALLOWED', `Không thể thực hiện "${dto.action}" khi phản ánh ở trạng thái "${FEEDBACK_STATUS_TEXT[row.status]}".`, {
        status: row.status,
        allowedActions: feedbackAllowed(snap),
      });
    }
    const to = next.value as FeedbackStatus;
    const set: Record<string, unknown> = {};
    let dossierDirty: string | null = null;
    const messages: NotificationMessage[] = [];
    const sender = jsonColumn<{ fullName: string; email?: string }>(row.sender);
    const toSender = (subject: string, body: string): NotificationMessage => ({
      kind: `feedback_${dto.action}`,
      dossierId: null,
      agencyCode: row.agency_code,
      audience: 'applicant',
      recipient: sender.email ?? null,
      subject: `[${row.code}] ${subject}`,
      body: `Kính gửi ${sender.fullName},\n${body}`,
    });
    switch (dto.action) {
      case 'classify':
        // Classified, an item about a dossier's handling starts counting in its satisfaction figure (QĐ 766), or is
        // left out for good: either way the dossier's rollup is redone.
        dossierDirty = (row.dossier_id as string | null) ?? null;
        if (dto.inScope) {
          // The forward step's own limit counts from the classification (process parameter).
          const p = this.workflows.value.feedback.find((x) => x.id === state.processId) ?? this.processFor(at);
          state.forwardDueAt = this.calendars.forAgency(row.agency_code).due(at.getTime(), p.limits.forward.amount, p.limits.forward.unit).dueAt;
          set.step_warn_at = new Date(this.stepWarning(row.agency_code, p, at.getTime(), state.forwardDueAt));
          set.step_warned_at = null;
        } else {
          set.step_warn_at = null;
          if (!dto.reason?.trim()) {
            throw validationFailed([{ field: 'reason', message: 'phải nêu lý do và nơi có thẩm quyền (khiếu nại, tố cáo được chuyển theo luật riêng)' }]);
          }
          set.out_of_scope_reason = dto.reason.trim();
          messages.push(toSender('Phản ánh không thuộc phạm vi xử lý', `Nội dung không thuộc phạm vi xử lý phản ánh, kiến nghị. ${dto.reason.trim()}`));
        }
        break;
      case 'forward': {
        const unit = dto.unitCode ? this.agencies.get(dto.unitCode) : undefined;
        if (!unit || unit.communeCode !== row.agency_code || unit.level !== 'department') {
          throw validationFailed([{ field: 'unitCode', message: 'phải là một phòng, ban của xã/phường' }]);
        }
        set.unit_code = unit.code;
        // The unit's time is the total's: its warning is the item's own (warn_at).
        set.step_warn_at = null;
        messages.push(
          staffMessage(
            unit.code,
            'feedback_forwarded',
            `[${row.code}] Phản ánh chuyển đến đơn vị`,
            `Hạn trả lời và công khai: ${iso(row.due_at)?.slice(0, 16)}.`,
          ),
        );
        break;
      }
      case 'answer': {
        const unitCode = row.unit_code as string | null;
        const level = actor.agencyCode ? this.agencies.get(actor.agencyCode)?.level : undefined;
        if (unitCode && level === 'department' && actor.agencyCode !== unitCode && !actor.roles.includes('manager')) {
          throw forbidden(`Phản ánh đã chuyển ${this.agencies.get(unitCode)?.name ?? unitCode} xử lý.`);
        }
        if (!dto.answer?.trim()) throw validationFailed([{ field: 'answer', message: 'phải có nội dung trả lời' }]);
        set.answer = dto.answer.trim();
        set.answered_at = at;
        break;
      }
      case 'publish':
        set.published_at = at;
        set.on_time = classifyFinish(at.getTime(), new Date(row.due_at as string).getTime(), 'date') !== 'late';
        messages.push(toSender('Kết quả xử lý phản ánh', `Kết quả: ${row.answer as string}`));
        break;
    }
    const { expectedVersion: _v, action: _a, note: _n, ...payload } = dto;
    const stored = JSON.stringify({ value: next.value, context: next.context, processId: state.processId, forwardDueAt: state.forwardDueAt });
    return {
      next: { ...item, row: { ...row, ...set, state: stored, status: to, updated_at: at } },
      event: { action: dto.action, actorId: actor.id, actorName: actor.fullName, at, from: row.status, to, payload, note: dto.note ?? null },
      messages,
      extra: { set, dossierDirty },
    };
  }

  async rate(code: string, level: string) {
    return this.db.tx(async (em) => {
      const repo = em.getRepository(FeedbackEntity);
      const row = await repo.findOne({ select: { id: true, status: true, rating: true }, where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('phản ánh', code);
      if (row.rating) throw conflict('ALREADY_RATED', 'Phản ánh này đã được đánh giá.');
      if (row.status !== 'published') throw conflict('NOT_RATEABLE', 'Chỉ đánh giá được sau khi kết quả xử lý đã công khai.', { status: row.status });
      await repo.update({ id: row.id }, { rating: level, ratedAt: this.clock.now() });
      return { code, level };
    });
  }
}
