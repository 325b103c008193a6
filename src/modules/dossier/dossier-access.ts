import { forbidden } from '../../common/app-error.js';
import { DOSSIER_ACTIONS, type DossierAction } from '../../workflow-engine/dossier-machine.js';
import type { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { Role } from '../users/user.entity.js';
import { ACTIONS } from './actions/index.js';

/**
 * Who does what in a real centre (domain.md §1, §5), from each action's file. `stepOwner`: only the department owning
 * the current step (or a commune-level account) may take it — a specialist of another department cannot move the file.
 */
export const ACTION_POLICY = Object.fromEntries(DOSSIER_ACTIONS.map((a) => [a, ACTIONS[a].policy!])) as Record<
  DossierAction,
  { roles: Role[]; stepOwner: boolean }
>;

export const RECEPTION_ROLES: Role[] = ['reception'];
export const DOSSIER_READ_ROLES: Role[] = ['admin', 'reception', 'specialist', 'leader', 'manager', 'province_viewer', 'importer'];

const ROLE_TEXT: Record<string, string> = {
  reception: 'cán bộ tiếp nhận',
  specialist: 'chuyên viên thụ lý',
  leader: 'lãnh đạo',
  manager: 'phụ trách Trung tâm',
};

/** Throws 403 when none of the user's roles takes `action`. */
export function checkActionRole(actor: AuthUser, action: DossierAction): void {
  const policy = ACTION_POLICY[action];
  if (!policy.roles.some((r) => actor.roles.includes(r))) {
    throw forbidden(`Thao tác "${action}" chỉ dành cho ${policy.roles.map((r) => ROLE_TEXT[r] ?? r).join(', ')}.`);
  }
}

/** Whether the user's department may take a step-bound action at a step owned by `stepOwnerCode`. */
function ownsStep(actor: AuthUser, agencies: AgencyDirectory, action: DossierAction, stepOwnerCode: string | null): boolean {
  const policy = ACTION_POLICY[action];
  return !(
    policy.stepOwner &&
    stepOwnerCode &&
    actor.agencyCode &&
    agencies.get(actor.agencyCode)?.level === 'department' &&
    actor.agencyCode !== stepOwnerCode
  );
}

/** Throws 403 when the user's department does not own the step the dossier is at (for step-bound actions). */
export function checkStepOwner(actor: AuthUser, agencies: AgencyDirectory, action: DossierAction, stepOwnerCode: string | null): void {
  if (!ownsStep(actor, agencies, action, stepOwnerCode)) {
    const owner = agencies.get(stepOwnerCode!)?.name ?? stepOwnerCode;
    throw forbidden(`Bước hiện tại do ${owner} phụ trách; đơn vị của bạn không thực hiện được thao tác này.`);
  }
}

/** Of the actions the state allows, those this user may take now (role and step owner): the buttons a page shows. */
export function actionsForUser(actor: AuthUser, agencies: AgencyDirectory, allowed: DossierAction[], stepOwnerCode: string | null): DossierAction[] {
  return allowed.filter((a) => ACTION_POLICY[a].roles.some((r) => actor.roles.includes(r)) && ownsStep(actor, agencies, a, stepOwnerCode));
}
