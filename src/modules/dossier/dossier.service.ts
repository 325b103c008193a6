import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { forbidden, notFound, validationFailed } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { Db, type Queryable } from '../../database/db.js';
import { conditionOf } from '../../workflow-engine/dossier-machine.js';
import { ruleSetFor } from '../../workflow-engine/rule-set.js';
import { type Decision, TransitionRunner } from '../../workflow-engine/transition-runner.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { formatVn } from '../../common/vn-time.js';
import { checkActionRole, checkStepOwner, RECEPTION_ROLES } from './dossier-access.js';
import { nextDossierCode } from './dossier-code.js';
import { DossierEnvFactory } from './dossier-env.js';
import { eventRow, GENESIS_HASH, type StoredEvent, type TimelineEvent, timelineEvent } from '../../common/event-chain.js';
import { messagesFor } from './dossier-messages.js';
import { RecentDossiers } from './recent-dossiers.js';
import { type ActionCommand, applyAction, type DossierState, openDossier, type RulesEnv } from './dossier-rules.js';
import { dossierAgencies, type DossierRow, newTrackingSecret } from './dossier-row.js';
import { codeTaken, DossierStore, type DossierWriteExtra } from './dossier-store.js';
import { type CreateDossierDto, type DossierActionDto, toCommand } from './dossier.dto.js';
import { isUuid } from '../../common/uuid.js';
import { Metrics } from '../metrics/metrics.service.js';
import { ChainKeys } from '../../common/event-chain.js';
import { recordDigest } from './dossier-audit.js';

export interface Actor {
  id: string | null;
  name: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'Hệ thống' };

/**
 * Reception and every state change of a dossier. Reception is one statement after the day's code counter; a change
 * is the transition runner's (the version guard, the batched write, the event chain, the outbox, 409s) with the
 * dossier's rules as its decision.
 */
@Injectable()
export class DossierService {
  private readonly runner: TransitionRunner<DossierRow, DossierWriteExtra, Queryable>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly envs: DossierEnvFactory,
    private readonly agencies: AgencyDirectory,
    private readonly workflows: WorkflowsRef,
    private readonly recent: RecentDossiers,
    private readonly store: DossierStore,
    private readonly metrics: Metrics,
    private readonly keys: ChainKeys,
  ) {
    this.runner = new TransitionRunner(store, recent, { reads: 8, writes: 16 });
  }

  /**
   * Reception over HTTP. The day's code counter is locked from its upsert to the commit, so everything else is
   * prepared first and written by one statement after it: concurrent receptions in one commune wait for two round
   * trips each, not for the whole reception. `present` builds the response after the commit from what was written.
   */
  async receive<T>(actor: AuthUser, dto: CreateDossierDto, present: (row: DossierRow, env: RulesEnv, events: StoredEvent[]) => T): Promise<T> {
    if (!RECEPTION_ROLES.some((r) => actor.roles.includes(r))) throw forbidden('Chỉ cán bộ tiếp nhận mới tiếp nhận hồ sơ.');
    const receiving = this.receivingCommune(actor, this.agencies.communeOf(dto.agencyCode));
    const received = await this.db.tx((em) =>
      this.receiveIn(em, { id: actor.id, name: actor.fullName }, dto, this.clock.now().getTime(), { imported: false, receivingCommune: receiving }),
    );
    this.store.committed([received.row]);
    this.metrics.receptions.inc({ channel: received.row.channel });
    this.recent.remember(received.row, [timelineEvent(received.event)]);
    return present(received.row, received.env, [received.event]);
  }

  /**
   * The commune whose centre receives: the officer's own. NĐ 118/2025 lets a centre receive dossiers regardless of
   * administrative boundary within its province, so `deciding` (the body's agencyCode) may be another commune of the
   * same province; another province is refused. An account above the communes receives for the deciding commune.
   */
  private receivingCommune(actor: AuthUser, deciding: string): string {
    const own = actor.agencyCode ? this.agencies.get(actor.agencyCode)?.communeCode : undefined;
    if (!own) {
      actor.scope.mayActFor(deciding, 'Bạn chỉ tiếp nhận hồ sơ của xã/phường mình.');
      return deciding;
    }
    if (this.agencies.get(own)?.provinceCode !== this.agencies.get(deciding)?.provinceCode) {
      throw forbidden('Trung tâm chỉ tiếp nhận hồ sơ không phụ thuộc địa giới hành chính trong phạm vi tỉnh (NĐ 118/2025).');
    }
    return own;
  }

  /** Reception inside a caller's transaction (live or import), at instant `at`. */
  async receiveIn(
    em: EntityManager,
    actor: Actor,
    dto: CreateDossierDto,
    at: number,
    opts: { imported: boolean; code?: string; receivingCommune?: string },
  ): Promise<{ row: DossierRow; env: RulesEnv; event: StoredEvent }> {
    const commune = this.agencies.communeOf(dto.agencyCode);
    const def = this.envs.find(dto.procedureCode);
    if (!def) throw validationFailed([{ field: 'procedureCode', message: `không có thủ tục "${dto.procedureCode}"` }]);
    if (!this.envs.offeredBy(def.code).includes(commune)) {
      throw validationFailed([
        { field: 'procedureCode', message: `thủ tục ${def.code} không thuộc thẩm quyền giải quyết của ${this.agencies.get(commune)?.name ?? commune}` },
      ]);
    }
    const ruleSet = ruleSetFor(this.workflows.value.ruleSets, at);
    const { machine } = await this.envs.definition(em, def.code, def.definitionVersion);
    const receiving = opts.receivingCommune ?? commune;
    const env = this.envs.envFor(def, machine, ruleSet, commune, receiving);
    const state = openDossier(env, at, dto);
    const id = randomUUID();
    const input = {
      action: 'receive',
      actorId: actor.id,
      actorName: actor.name,
      at: new Date(at),
      from: null,
      to: state.status,
      payload: {
        channel: dto.channel,
        procedureCode: def.code,
        procedureVersion: def.definitionVersion,
        ruleSetId: ruleSet.id,
        dueAt: formatVn(state.dueAt),
        ...(state.receptionPayment ? { payment: state.receptionPayment } : {}),
        // The applicant, papers and subject as the chain fixes them: an audit finds a later edit of the row (issue 25).
        recordDigest: recordDigest({ applicant: { ...dto.applicant }, documents: dto.documents ?? [], subject: dto.subject ?? null }),
      },
      note: null,
    };
    const { params: eventParams, hash, payload } = eventRow(id, 1, GENESIS_HASH, input, this.keys);
    // The counter's lock is taken here and held to the commit: nothing slow may follow it.
    // The code is the receiving unit's (its identifier, its day's sequence).
    const code = opts.code ?? (await nextDossierCode(em, this.agencies.get(receiving)!.unitId, new Date(at)));
    const row: DossierRow = {
      id,
      code,
      agencyCode: commune,
      receivingAgencyCode: receiving,
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
      trackingSecret: newTrackingSecret(),
      version: 1,
      eventCount: 1,
      lastHash: hash,
      createdAt: new Date(at),
      updatedAt: new Date(at),
    };
    // History imported tells nobody: its citizens were received, and answered, long ago (issue 25).
    const told = opts.imported ? [] : messagesFor(row, 'receive', this.agencies);
    if (!(await this.store.insertReceived(em, row, eventParams, told))) throw codeTaken(code);
    const event: StoredEvent = { ...input, payload, seq: 1, prevHash: GENESIS_HASH, hash };
    return { row, env, event };
  }

  async rulesEnv(em: Queryable, row: DossierRow): Promise<RulesEnv> {
    const { def, machine } = await this.envs.definition(em, row.procedureCode, row.procedureVersion);
    return this.envs.envFor(def, machine, await this.envs.ruleSet(em, row.ruleSetId), row.agencyCode, row.receivingAgencyCode);
  }

  /**
   * A user's action over HTTP: scope (404), role (403), version (409), step owner (403), machine (409); then the
   * runner's guarded write. `present` builds the response from the written row and its timeline.
   */
  async act<T>(actor: AuthUser, id: string, dto: DossierActionDto, present: (row: DossierRow, env: RulesEnv, timeline: TimelineEvent[]) => T): Promise<T> {
    const cmd = toCommand(dto);
    if (!isUuid(id)) throw notFound('hồ sơ', id);
    let env: RulesEnv | undefined;
    const written = await this.runner.run(id, dto.expectedVersion, {
      admit: (row) => {
        actor.scope.visible(row, dossierAgencies, 'hồ sơ', id);
        checkActionRole(actor, dto.action);
      },
      // A stale view is answered as such (by the runner) before judging the department against a step the user has not seen.
      decide: async (row) => {
        checkStepOwner(actor, this.agencies, dto.action, row.state.steps[row.state.machine.context.stepIndex]?.ownerCode ?? null);
        env = await this.rulesEnv(this.db.autocommit, row);
        return this.decide(env, row, cmd, this.clock.now().getTime(), { id: actor.id, name: actor.fullName }, dto.note ?? null);
      },
    });
    this.metrics.actions.inc({ action: dto.action });
    return present(written.row, env!, written.timeline as TimelineEvent[]);
  }

  /**
   * Applies one command to a row the caller has locked (import) and writes everything the change implies; `history`:
   * an event of the past being imported, which tells nobody.
   */
  async applyIn(em: EntityManager, row: DossierRow, cmd: ActionCommand, at: number, actor: Actor, note: string | null, history = false): Promise<DossierRow> {
    return (await this.applyEachIn(em, [row], cmd, at, actor, note, history))[0];
  }

  /** The same command applied to each of rows the caller has locked (the sweep), all written by one statement. */
  applyEachIn(
    em: EntityManager,
    rows: DossierRow[],
    cmd: ActionCommand,
    at: number,
    actor: Actor,
    note: string | null,
    history = false,
  ): Promise<DossierRow[]> {
    return this.runner.applyIn(em, rows, async (row) => this.decide(await this.rulesEnv(em, row), row, cmd, at, actor, note, history));
  }

  /** The rules' verdict on one command: the row after it, its event and its messages (nothing written yet). */
  private decide(
    env: RulesEnv,
    row: DossierRow,
    cmd: ActionCommand,
    at: number,
    actor: Actor,
    note: string | null,
    history = false,
  ): Decision<DossierRow, DossierWriteExtra> {
    const before = row.state;
    const after: DossierState = applyAction(env, before, cmd, at, actor.name);
    const { action: _a, ...payload } = cmd as ActionCommand & Record<string, unknown>;
    if (cmd.action === 'issue_apology') payload.newDueAt = formatVn(cmd.newDueAt);
    if (cmd.action === 'extend_deadline') payload.newDueAt = formatVn(after.originalDueAt);
    const next: DossierRow = { ...row, state: after, updatedAt: new Date(at) };
    // A moved due instant may deserve a new early warning.
    const resetWarning = after.warnAt !== before.warnAt && after.warnAt !== null && after.warnAt > at;
    if (resetWarning) next.warnedAt = null;
    return {
      next,
      event: { action: cmd.action, actorId: actor.id, actorName: actor.name, at: new Date(at), from: stateLabel(before), to: stateLabel(after), payload, note },
      // Addressed from the state after the move (the version and chain the runner sets are not read).
      messages: history ? [] : messagesFor(next, cmd.action, this.agencies),
      extra: { resetWarning },
    };
  }
}

/** "processing.tham_dinh" style label of the flow position, for the timeline's from/to. */
export function stateLabel(s: DossierState): string {
  const v = s.machine.value;
  const flow = typeof v === 'string' ? v : Object.entries(v as Record<string, string>).map(([k, sub]) => `${k}.${sub}`)[0];
  const c = conditionOf(s.machine.context);
  return c === 'on_time' ? flow : `${flow} (${c})`;
}
