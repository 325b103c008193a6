import type { INestApplicationContext } from '@nestjs/common';
import { rng } from '../common/rng.js';
import { Db } from '../database/db.js';
import { WorkflowsRef } from '../workflows/workflows-ref.js';
import { planYears } from '../modules/reports/plan.schema.js';
import { Scope } from '../modules/agency/scope.js';
import type { AgencyDirectory } from '../modules/agency/agency-directory.js';
import type { AuthUser } from '../modules/auth/auth-user.js';
import { PlanTasksService } from '../modules/plans/plan-tasks.service.js';
import { addDays } from '../modules/plans/task-deadline.js';
import { instancesIn, periodKind } from '../modules/plans/task-status.js';

const NOTES = [
  'Đã ban hành văn bản triển khai tới các cơ quan, đơn vị',
  'Đã tổ chức thực hiện theo kế hoạch, tổng hợp kết quả gửi Phòng Văn hóa – Xã hội',
  'Đang xây dựng dự thảo, lấy ý kiến các cơ quan, đơn vị',
  'Đã triển khai; kết quả đưa vào báo cáo quý',
];

/**
 * Progress on the current plans' tasks, as a commune's units would have recorded it by today: most work due so far
 * done (some late), some begun, some not; past quarters of ongoing tasks mostly reported. Recorded through the
 * service by an officer of the coordinating unit, so every rule of recording applies. Skipped when there is any.
 */
export async function loadDemoPlanProgress(app: INestApplicationContext, directory: AgencyDirectory, userId: string): Promise<number> {
  const db = app.get(Db);
  const [{ n }] = await db.read((em) => em.query('SELECT count(*)::int AS n FROM plan_task_entry'));
  if (n > 0) return 0;
  const service = app.get(PlanTasksService);
  const today = service.today();
  let count = 0;
  for (const [p, plan] of app.get(WorkflowsRef).value.plans.entries()) {
    const unit = plan.coordinator ? plan.units?.[plan.coordinator]?.agency : undefined;
    const [y0, y1] = planYears(plan);
    const year = Number(today.slice(0, 4));
    if (!unit || year < y0 || year > y1) continue;
    const actor: AuthUser = {
      id: userId,
      username: 'demo',
      fullName: 'Chuyên viên Phòng Văn hóa – Xã hội',
      roles: ['specialist'],
      agencyCode: unit,
      scope: Scope.forAgency(directory, unit),
    };
    const r = rng(7000 + p);
    for (const task of plan.planTasks) {
      for (const inst of instancesIn(plan, task, `${year}-01-01`, today)) {
        const roll = r();
        const note = NOTES[Math.floor(r() * NOTES.length)];
        const period = periodKind(task) === 'once' ? undefined : inst.period;
        if (task.deadline.kind === 'ongoing') {
          if (roll < 0.75) await service.record(actor, plan.id, task.id, { note, period });
        } else if (inst.due && inst.due < today && roll < 0.7) {
          // One in four finished a few days late.
          const doneOn = roll < 0.18 ? addDays(inst.due, 5) : addDays(inst.due, -6);
          await service.record(actor, plan.id, task.id, { kind: 'done', note, period, doneOn: doneOn > today ? today : doneOn });
        } else if (roll < 0.85) await service.record(actor, plan.id, task.id, { note: NOTES[2], period });
        else continue;
        count++;
      }
    }
  }
  return count;
}
