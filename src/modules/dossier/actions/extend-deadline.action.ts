import { conflict, validationFailed } from '../../../common/app-error.js';
import type { ProcedureExtension } from '../../../workflow-engine/procedure-definition.js';
import { statutoryDue } from '../dossier-deadlines.js';
import type { RulesEnv } from '../dossier-rules.js';
import { type ActionSpec, need, reasonOf } from './action.js';

/** The due instant the extension gives a dossier whose statutory due is `dueAt` and whose counting started at `startAt`. */
function extendedDue(env: RulesEnv, ext: ProcedureExtension, startAt: number, dueAt: number): number {
  const { cal } = env;
  if (ext.kind === 'add') {
    return ext.unit === 'calendar_days' ? cal.due(dueAt, ext.amount, 'calendar_days').dueAt : cal.shift(dueAt, workMs(env, ext));
  }
  // The whole time becomes the extension's, counted from the same start; the pauses already added to `dueAt` stay.
  const longer = cal.ordinal(cal.due(startAt, ext.amount, ext.unit).dueAt) - cal.ordinal(statutoryDue(env, startAt).dueAt);
  return cal.shift(dueAt, longer);
}

const workMs = (env: RulesEnv, ext: ProcedureExtension): number => Math.round(ext.amount * (ext.unit === 'working_hours' ? 3600_000 : env.cal.workingDayMs));

/**
 * A longer statutory time in a case the procedure's law states (its `extensions`): decided with a written reason by
 * the unit handling the step, before the dossier is late. It moves the due instant reports judge by, so a dossier
 * finished within it is not late; unlike an apology (form 04), which leaves the original due date for reporting.
 */
export const extendDeadline: ActionSpec<'extend_deadline'> = {
  policy: { roles: ['leader', 'specialist', 'manager'], stepOwner: true },
  command(dto) {
    const reason = reasonOf(dto, 'phải nêu lý do gia hạn (trường hợp cần xác minh, nhiều bản sao…)');
    need('extension', typeof dto.extension === 'string' && dto.extension.length > 0, 'chọn trường hợp gia hạn theo quy định của thủ tục');
    return { action: 'extend_deadline', extension: dto.extension!, reason };
  },
  apply({ env, s, prev, i, at, actor }, cmd) {
    const all = env.def.extensions ?? [];
    const ext = all.find((e) => e.id === cmd.extension);
    if (!ext) {
      throw validationFailed([
        { field: 'extension', message: `thủ tục không có trường hợp gia hạn "${cmd.extension}"; có: ${all.map((e) => e.id).join(', ')}` },
      ]);
    }
    const taken = prev.extensions ?? [];
    if (taken.some((e) => e.id === ext.id)) throw conflict('EXTENSION_TAKEN', `Hồ sơ đã được gia hạn theo trường hợp "${ext.case}".`, { extension: ext.id });
    if (at > prev.originalDueAt) {
      throw conflict('EXTENSION_TOO_LATE', 'Hồ sơ đã quá hạn giải quyết: không gia hạn được nữa, phải ban hành văn bản xin lỗi (mẫu 04).', {
        originalDueAt: prev.originalDueAt,
      });
    }
    const newDue = extendedDue(env, ext, prev.startAt, prev.originalDueAt);
    const longer = env.cal.ordinal(newDue) - env.cal.ordinal(prev.originalDueAt);
    // The step handling the case gets the extra time; the appointment moves unless an apology already set a later one.
    const step = s.steps[i];
    if (step.dueAt !== null) step.dueAt = env.cal.shift(step.dueAt, longer);
    s.originalDueAt = newDue;
    s.dueAt = prev.dueAt === prev.originalDueAt ? newDue : Math.max(prev.dueAt, newDue);
    s.extensions = [...taken, { id: ext.id, case: ext.case, at, reason: cmd.reason, previousDueAt: prev.originalDueAt, newDueAt: newDue, by: actor }];
  },
  tell(row, to) {
    const e = row.state.extensions!.at(-1)!;
    return [
      to.applicant(
        'Gia hạn thời gian giải quyết theo quy định',
        `Hồ sơ thuộc trường hợp được kéo dài thời hạn giải quyết (${e.case}). Lý do: ${e.reason}. Ngày hẹn trả kết quả mới: ${to.when(row.state.dueAt)}.`,
      ),
    ];
  },
};
