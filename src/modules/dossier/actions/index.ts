import type { ActionName, ActionSpec } from './action.js';
import { approve } from './approve.action.js';
import { completeStep } from './complete-step.action.js';
import { confirmPayment } from './confirm-payment.action.js';
import { deadlinePassed } from './deadline-passed.action.js';
import { extendDeadline } from './extend-deadline.action.js';
import { issueApology } from './issue-apology.action.js';
import { receiveSupplement } from './receive-supplement.action.js';
import { requestPayment } from './request-payment.action.js';
import { requestSupplement } from './request-supplement.action.js';
import { returnResult } from './return-result.action.js';
import { stop } from './stop.action.js';
import { withdraw } from './withdraw.action.js';

/** Every dossier action, by name: the compiler refuses this table while an action of `ActionCommand` is missing. */
export const ACTIONS: { [A in ActionName]: ActionSpec<A> } = {
  complete_step: completeStep,
  request_supplement: requestSupplement,
  receive_supplement: receiveSupplement,
  request_payment: requestPayment,
  confirm_payment: confirmPayment,
  approve,
  return_result: returnResult,
  issue_apology: issueApology,
  extend_deadline: extendDeadline,
  withdraw,
  stop,
  deadline_passed: deadlinePassed,
};
