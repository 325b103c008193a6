import { validationFailed } from '../../../common/app-error.js';
import type { AgencyDirectory } from '../../agency/agency-directory.js';
import type { NotificationMessage } from '../../notification/outbox.js';
import type { Role } from '../../users/user.entity.js';
import type { DossierActionDto } from '../dossier.dto.js';
import type { ActionCommand, DossierState, RulesEnv } from '../dossier-rules.js';
import type { DossierRow } from '../dossier-row.js';

export type ActionName = ActionCommand['action'];
export type CommandOf<A extends ActionName> = Extract<ActionCommand, { action: A }>;

/** What an action's effect sees: the state before, the copy it changes, the step the dossier is at. */
export interface ActionStep {
  env: RulesEnv;
  prev: DossierState;
  /** A copy of `prev` with the machine already moved: the effect changes it in place. */
  s: DossierState;
  /** The step the dossier was at. */
  i: number;
  at: number;
  actor: string;
  /** Ends the current step (its result against its own due instant) and starts the next one. */
  finishStep(): void;
}

/** How an action's messages are addressed: to the applicant, or to a unit's staff. */
export interface Recipients {
  applicant(subject: string, body: string): NotificationMessage;
  staff(unitCode: string, subject: string, body: string): NotificationMessage;
  agencies: AgencyDirectory;
  /** "2026-03-05 14:30": an instant as the messages write it. */
  when(ms: number): string;
}

/**
 * One dossier action, whole: who may take it, what its request body means, what it does to the state once the machine
 * has allowed the move, and who is told. Adding an action is one such file, its transition in the machine, and its
 * line in `ACTIONS` (the compiler refuses a table without it).
 */
export interface ActionSpec<A extends ActionName> {
  /** Who may take it through the API; none for the system's own events (the sweep's deadline_passed). */
  policy: { roles: Role[]; stepOwner: boolean } | null;
  /** The request body's fields as this action's command; 400 names each field missing or wrong. */
  command(dto: ActionInput): CommandOf<A>;
  /** The effect beyond the machine's move: deadlines, steps, waits, apologies, outcome. */
  apply(x: ActionStep, cmd: CommandOf<A>): void;
  /** What the applicant and staff are told after the change (the new state is `row.state`). */
  tell(row: DossierRow, to: Recipients): NotificationMessage[];
}

export type ActionInput = Pick<DossierActionDto, 'action'> & Partial<DossierActionDto>;

/** 400 for one field, in the words the form shows. */
export function need(field: string, ok: boolean, message: string): void {
  if (!ok) throw validationFailed([{ field, message }]);
}

/** The reason given, trimmed; 400 with `message` when there is none. */
export function reasonOf(dto: ActionInput, message: string): string {
  const reason = dto.reason?.trim() ?? '';
  need('reason', reason.length > 0, message);
  return reason;
}
