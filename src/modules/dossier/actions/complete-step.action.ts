import type { ActionSpec } from './action.js';

/** A step done: the file goes to the next step's unit (or, after the last, the result is ready to hand back). */
export const completeStep: ActionSpec<'complete_step'> = {
  policy: { roles: ['reception', 'specialist', 'leader'], stepOwner: true },
  command: () => ({ action: 'complete_step' }),
  apply: (x) => x.finishStep(),
  tell(row, to) {
    const s = row.state;
    if (s.status === 'result_ready') return [to.applicant('Mời nhận kết quả', 'Kết quả đã sẵn sàng tại Trung tâm Phục vụ hành chính công.')];
    const step = s.steps[s.machine.context.stepIndex];
    return step && s.finishedAt === null && s.resolvedAt === null
      ? [to.staff(step.ownerCode, 'Hồ sơ chuyển đến đơn vị', `Bước "${step.name}" cần hoàn thành trước ${to.when(step.dueAt ?? s.dueAt)}.`)]
      : [];
  },
};
