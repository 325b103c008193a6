import { type ActionSpec, need } from './action.js';
import { openWait } from './wait.js';

/** Papers missing or wrong (form 02): the clock waits for the citizen. */
export const requestSupplement: ActionSpec<'request_supplement'> = {
  policy: { roles: ['reception', 'specialist', 'leader'], stepOwner: true },
  command(dto) {
    need('items', Array.isArray(dto.items) && dto.items.length > 0, 'phải liệt kê giấy tờ cần bổ sung');
    return { action: 'request_supplement', items: dto.items! };
  },
  apply: (x, cmd) => openWait(x, { kind: 'supplement', items: cmd.items }),
  tell(row, to) {
    const items = row.state.waits[row.state.waits.length - 1]?.items ?? [];
    return [to.applicant('Yêu cầu bổ sung hồ sơ', `Đề nghị bổ sung: ${items.join('; ')}.`)];
  },
};
