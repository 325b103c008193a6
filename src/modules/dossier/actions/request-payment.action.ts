import { type ActionSpec, need } from './action.js';
import { openWait } from './wait.js';

/** A fee or charge to pay (nghĩa vụ tài chính): the clock waits for the citizen. */
export const requestPayment: ActionSpec<'request_payment'> = {
  policy: { roles: ['reception', 'specialist'], stepOwner: false },
  command(dto) {
    need('amount', typeof dto.amount === 'number', 'phải ghi số tiền phải nộp');
    return { action: 'request_payment', amount: dto.amount! };
  },
  apply: (x, cmd) => openWait(x, { kind: 'payment', amount: cmd.amount }),
  tell(row, to) {
    const amount = row.state.waits[row.state.waits.length - 1]?.amount ?? 0;
    return [to.applicant('Đề nghị thực hiện nghĩa vụ tài chính', `Số tiền phải nộp: ${amount.toLocaleString('vi-VN')} đồng.`)];
  },
};
