import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { Db } from '../../database/db.js';
import { returningRows } from '../../database/returning-rows.js';
import { conditionOf } from '../../workflow-engine/dossier-machine.js';
import { ruleSetFor } from '../../workflow-engine/rule-set.js';
import { WorkflowsRef } from '../../workflow-engine/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { formatVn, parseVnInstant } from '../calendar/vn-time.js';
import { NotificationService } from '../notification/notification.service.js';
import { NOTIFY_TOPIC, writeOutbox } from '../notification/outbox.js';
import { checkActionRole, checkStepOwner, RECEPTION_ROLES } from './dossier-access.js';
import { nextDossierCode } from './dossier-code.js';
import { DossierEnvFactory } from './dossier-env.js';
import { appendEvent, EVENT_INSERT_SQL, eventRow, GENESIS_HASH, type StoredEvent } from '../../common/event-chain.js';
import { messagesFor } from './dossier-messages.js';
import { type ActionCommand, applyAction, type DossierState, openDossier, type RulesEnv } from './dossier-rules.js';
import { type DossierRow, DOSSIER_COLUMNS, fromDb, rowParams } from './dossier-row.js';
import type { CreateDossierDto, DossierActionDto } from './dossier.dto.js';
import { isUuid } from '../../common/uuid.js';

export interface Actor {
  id: string | null;
  name: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'Hệ thống' };

/** Turns an action DTO into a command the rules understand; 400 lists each missing or wrong field. */
export function toCommand(dto: Pick<DossierActionDto, 'action'> & Partial<DossierActionDto>): ActionCommand {
  const need = (field: string, ok: boolean, message: string): void => {
    if (!ok) throw validationFailed([{ field, message }]);
  };
  const reason = dto.reason?.trim() ?? '';
  switch (dto.action) {
    case 'complete_step':
    case 'receive_supplement':
    case 'return_result':
      return { action: dto.action };
    case 'request_supplement':
      need('items', Array.isArray(dto.items) && dto.items.length > 0, 'phải liệt kê giấy tờ cần bổ sung');
      return { action: dto.action, items: dto.items! };
    case 'request_payment':
      need('amount', typeof dto.amount === 'number', 'phải ghi số tiền phải nộp');
      return { action: dto.action, amount: dto.amount! };
    case 'confirm_payment':
      need('online', typeof dto.online === 'boolean', 'phải cho biết có thanh toán trực tuyến hay không (true/false)');
      return { action: dto.action, online: dto.online! };
    case 'approve':
      need('outcome', dto.outcome === 'issued' || dto.outcome === 'denied', 'kết quả là issued hoặc denied');
      return { action: dto.action, outcome: dto.outcome!, electronic: dto.electronic, reason: dto.reason };
    case 'issue_apology': {
      need('reason', reason.length > 0, 'phải nêu lý do chậm giải quyết');
      const at = dto.newDueAt ? parseVnInstant(dto.newDueAt) : null;
      need('newDueAt', at !== null, 'ngày giờ hẹn mới phải có dạng ISO 8601, ví dụ 2026-03-02T16:00:00+07:00');
      return { action: dto.action, reason, newDueAt: at! };
    }
    case 'withdraw':
    case 'stop':
      need('reason', reason.length > 0, dto.action === 'withdraw' ? 'phải ghi lý do rút hồ sơ' : 'phải ghi lý do dừng giải quyết');
      return { action: dto.action, reason };
    default:
      throw validationFailed([{ field: 'action', message: `thao tác không hợp lệ` }]);
  }
}

/**
 * Reception and every state change (design.md decision 3): one transaction that locks the dossier row,
 * compares the version, asks the pure rules, writes the row, appends the hash-chained event and the outbox rows.
 */
@Injectable()
export class DossierService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly envs: DossierEnvFactory,
    private readonly agencies: AgencyDirectory,
    private readonly workflows: WorkflowsRef,
    private readonly notifications: NotificationService,
  ) {}

  async receive<T>(actor: AuthUser, dto: CreateDossierDto, present: (em: EntityManager, row: DossierRow) => Promise<T>): Promise<T> {
    if (!RECEPTION_ROLES.some((r) => actor.roles.includes(r))) throw forbidden('Chỉ cán bộ tiếp nhận mới tiếp nhận hồ sơ.');
    const commune = this.agencies.communeOf(dto.agencyCode);
    if (!actor.scope.canSee(commune)) throw forbidden('Bạn chỉ tiếp nhận hồ sơ của xã/phường mình.');
    const result = await this.db.tx(async (em) =>
      present(em, await this.receiveIn(em, { id: actor.id, name: actor.fullName }, dto, this.clock.now().getTime(), { imported: false })),
    );
    this.notifications.kick();
    return result;
  }

  /** Reception inside a caller's transaction (live or import), at instant `at`. */
  async receiveIn(em: EntityManager, actor: Actor, dto: CreateDossierDto, at: number, opts: { imported: boolean; code?: string }): Promise<DossierRow> {
    const commune = this.agencies.communeOf(dto.agencyCode);
    const def = this.envs.find(dto.procedureCode);
    if (!def) throw validationFailed([{ field: 'procedureCode', message: `không có thủ tục "${dto.procedureCode}"` }]);
    if (!this.envs.offeredBy(def.code).includes(commune)) {
      throw validationFailed([{ field: 'procedureCode', message: `thủ tục ${def.code} không thuộc thẩm quyền giải quyết của ${this.agencies.get(commune)?.name ?? commune}` }]);
    }
    const ruleSet = ruleSetFor(this.workflows.value.ruleSets, at);
    const { machine } = await this.envs.definition(em, def.code, def.definitionVersion);
    const env = this.envs.envFor(def, machine, ruleSet, commune);
    const state = openDossier(env, at);
    const code = opts.code ?? (await nextDossierCode(em, this.agencies.get(commune)!.unitId, new Date(at)));
    const row: DossierRow = {
      id: '',
      code,
      agencyCode: commune,
      procedureCode: def.code,
      procedureVersion: def.definitionVersion,
      ruleSetId: ruleSet.id,
      channel: dto.channel,
      applicant: { ...dto.applicant },
      subject: dto.subject ?? null,
      documents: dto.documents ?? [],
      state,
      warnedAt: null,
      rating: null,
      ratingComment: null,
      ratedAt: null,
      imported: opts.imported,
      version: 1,
      eventCount: 1,
      lastHash: GENESIS_HASH,
      createdAt: new Date(at),
      updatedAt: new Date(at),
    };
    const inserted: { id: string }[] = await em.query(
      `INSERT INTO dossier (${DOSSIER_COLUMNS.join(', ')}) VALUES (${DOSSIER_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      rowParams(row),
    );
    if (inserted.length === 0) throw conflict('DOSSIER_CODE_TAKEN', `Mã hồ sơ ${code} đã tồn tại.`, { code });
    row.id = inserted[0].id;
    row.lastHash = await appendEvent(em, row.id, 1, GENESIS_HASH, {
      action: 'receive',
      actorId: actor.id,
      actorName: actor.name,
      at: new Date(at),
      from: null,
      to: state.status,
      payload: { channel: dto.channel, procedureCode: def.code, procedureVersion: def.definitionVersion, ruleSetId: ruleSet.id, dueAt: formatVn(state.dueAt) },
      note: null,
    });
    await em.query('UPDATE dossier SET last_hash = $2 WHERE id = $1', [row.id, row.lastHash]);
    await writeOutbox(em, messagesFor(row, 'receive', this.agencies));
    return row;
  }

  async load(em: EntityManager, id: string, forUpdate: boolean): Promise<DossierRow | null> {
    if (!isUuid(id)) return null;
    const rows = await em.query(`SELECT * FROM dossier WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? fromDb(rows[0]) : null;
  }

  async rulesEnv(em: EntityManager, row: DossierRow): Promise<RulesEnv> {
    const { def, machine } = await this.envs.definition(em, row.procedureCode, row.procedureVersion);
    return this.envs.envFor(def, machine, this.envs.ruleSet(row.ruleSetId), row.agencyCode);
  }

  /**
   * A user's action over HTTP: scope (404), role and step owner (403), version (409), machine (409).
   * `present` builds the response inside the same transaction (one connection, one trip through the queue).
   */
  async act<T>(actor: AuthUser, id: string, dto: DossierActionDto, present: (em: EntityManager, row: DossierRow & { timeline?: StoredEvent[] }) => Promise<T>): Promise<T> {
    const cmd = toCommand(dto);
    const result = await this.db.tx(async (em) => {
      const row = await this.load(em, id, true);
      if (!row || !actor.scope.canSee(row.agencyCode)) throw notFound('hồ sơ', id);
      checkActionRole(actor, dto.action);
      // A stale view is answered as such before judging the department against a step the user has not seen.
      if (row.version !== dto.expectedVersion) {
        throw new AppError(409, 'VERSION_CONFLICT', 'Hồ sơ vừa được người khác cập nhật; hãy tải lại rồi thao tác lại.', {
          expectedVersion: dto.expectedVersion,
          currentVersion: row.version,
        });
      }
      checkStepOwner(actor, this.agencies, dto.action, row.state.steps[row.state.machine.context.stepIndex]?.ownerCode ?? null);
      const next = await this.applyIn(em, row, cmd, this.clock.now().getTime(), { id: actor.id, name: actor.fullName }, dto.note ?? null, { timeline: true });
      return present(em, next);
    });
    this.notifications.kick();
    return result;
  }

  /** Applies one command to a locked row and writes everything the change implies. */
  async applyIn(
    em: EntityManager, row: DossierRow, cmd: ActionCommand, at: number, actor: Actor, note: string | null, opts: { timeline?: boolean } = {},
  ): Promise<DossierRow & { timeline?: StoredEvent[] }> {
    const env = await this.rulesEnv(em, row);
    const before = row.state;
    const after: DossierState = applyAction(env, before, cmd, at, actor.name);
    const seq = row.eventCount + 1;
    const { action: _a, ...payload } = cmd as ActionCommand & Record<string, unknown>;
    if (cmd.action === 'issue_apology') payload.newDueAt = formatVn(cmd.newDueAt);
    const next: DossierRow = { ...row, state: after, version: row.version + 1, eventCount: seq, updatedAt: new Date(at) };
    // A moved due instant may deserve a new early warning.
    if (after.warnAt !== before.warnAt && after.warnAt !== null && after.warnAt > at) next.warnedAt = null;
    const input = { action: cmd.action, actorId: actor.id, actorName: actor.name, at: new Date(at), from: stateLabel(before), to: stateLabel(after), payload, note };
    const event = eventRow(row.id, seq, row.lastHash, input);
    next.lastHash = event.hash;
    // One round trip for the event, the outbox rows and the row itself. The caller holds the row lock
    // (FOR UPDATE) and compared the version, so the write cannot be stale.
    const cols = rowParams(next);
    const n = cols.length;
    // The response's timeline comes back in the same statement: the sub-select sees the log as it was before
    // this statement's own insert, and the new event is appended here.
    const res = await em.query(
      `WITH ev AS (${EVENT_INSERT_SQL((k) => `$${n + 1 + k}`)}),
            ob AS (INSERT INTO outbox (topic, payload) SELECT '${NOTIFY_TOPIC}', m FROM jsonb_array_elements($${n + 14}::jsonb) m)
       UPDATE dossier SET (${DOSSIER_COLUMNS.join(', ')}) = (${DOSSIER_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) WHERE id = $${n + 1}
       ${opts.timeline ? `RETURNING (SELECT coalesce(json_agg(e ORDER BY e.seq), '[]'::json) FROM dossier_event e WHERE e.dossier_id = dossier.id) AS events` : ''}`,
      [...cols, row.id, ...event.params, JSON.stringify(messagesFor(next, cmd.action, this.agencies))],
    );
    if (!opts.timeline) return next;
    const rows = returningRows<{ events: unknown }>(res);
    const prior = (typeof rows[0].events === 'string' ? JSON.parse(rows[0].events) : rows[0].events) as Record<string, unknown>[];
    const timeline: StoredEvent[] = prior.map((e) => ({
      seq: Number(e.seq), action: e.action as string, actorId: (e.actor_id as string | null) ?? null, actorName: e.actor_name as string,
      at: new Date(e.at as string), from: (e.from_status as string | null) ?? null, to: e.to_status as string,
      payload: e.payload as Record<string, unknown>, note: (e.note as string | null) ?? null, prevHash: e.prev_hash as string, hash: e.hash as string,
    }));
    timeline.push({ ...input, payload: JSON.parse(JSON.stringify(payload)) as Record<string, unknown>, seq, prevHash: row.lastHash, hash: event.hash });
    return { ...next, timeline };
  }
}

/** "processing.tham_dinh" style label of the flow position, for the timeline's from/to. */
export function stateLabel(s: DossierState): string {
  const v = s.machine.value;
  const flow = typeof v === 'string' ? v : Object.entries(v as Record<string, string>).map(([k, sub]) => `${k}.${sub}`)[0];
  const c = conditionOf(s.machine.context);
  return c === 'on_time' ? flow : `${flow} (${c})`;
}
