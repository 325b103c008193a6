import { type ActionSpec, need } from './action.js';
import { closeWait } from './wait.js';

/** Paid (online or at the counter): the dossier goes back to its step, the waiting time added to its deadlines. */
export const confirmPayment: ActionSpec<'confirm_payment'> = {
  policy: { roles: ['reception'], stepOwner: false },
  command(dto) {
    need('online', typeof dto.online === 'boolean', 'phải cho biết có thanh toán trực tuyến hay không (true/false)');
    return { action: 'confirm_payment', online: dto.online! };
  },
  apply: (x, cmd) => closeWait(x, false, cmd.online),
  tell: () => [],
};
