import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { Db } from '../../database/db.js';
import { ruleSetFor } from '../../workflow-engine/rule-set.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { proposeYear } from '../calendar/calendar-proposal.js';
import { formatVn } from '../../common/vn-time.js';
import { ProcedureVersionEntity } from '../catalog/procedure-version.entity.js';
import { AppConfig } from '../../config/app-config.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import { QUEUE_BOARD_PATH } from './queue-board.js';

const QUEUE_LABELS: Record<QueueName, string> = {
  [QueueName.Maintenance]: 'Bảo trì (dọn dữ liệu cũ, tổng hợp số liệu)',
  [QueueName.Deadlines]: 'Quét thời hạn, cảnh báo',
  [QueueName.Notifications]: 'Gửi thông báo',
  [QueueName.Reports]: 'Báo cáo định kỳ',
};

/**
 * What the administrator checks (issue 23): the calendars by year with what is unconfirmed and next year's proposal
 * beside the current data, the rule sets and which is in force, and each procedure's published definition versions.
 * The data lives in `workflows/` (changed by a reviewed commit, not by a form): these reads show it.
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly workflows: WorkflowsRef,
    private readonly clock: Clock,
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly config: AppConfig,
  ) {}

  async queues() {
    const depths = await this.jobs.depths(Object.values(QueueName));
    return {
      enabled: Boolean(this.config.redisUrl),
      board: this.config.redisUrl ? QUEUE_BOARD_PATH : null,
      queues: Object.values(QueueName).map((name) => ({ name, label: QUEUE_LABELS[name], counts: depths[name] ?? null })),
    };
  }

  calendars() {
    return {
      items: [...this.workflows.value.calendars].map(([name, years]) => ({
        name,
        years: years.map((y) => ({ year: y.year, note: y.note ?? null, days: y.days, unconfirmed: y.days.filter((d) => !d.confirmed).length })),
      })),
    };
  }

  proposal(name: string, yearAsked: number | undefined) {
    const years = this.workflows.value.calendars.get(name);
    if (!years) throw notFound('lịch', name);
    const year = yearAsked ?? Number(formatVn(this.clock.now()).slice(0, 4)) + 1;
    const current = years.find((y) => y.year === year);
    return { name, year, proposed: proposeYear(year), current: current ? current.days : null };
  }

  ruleSets() {
    const rs = this.workflows.value.ruleSets;
    return { inForce: ruleSetFor(rs, this.clock.now()).id, items: rs };
  }

  async versions(code: string) {
    // Through the unit of work (embedded mode has one database session), with the entity's repository.
    const rows = await this.db.read((em) => em.getRepository(ProcedureVersionEntity).find({ where: { code }, order: { version: 'DESC' } }));
    if (rows.length === 0) throw notFound('thủ tục', code);
    const current = this.workflows.value.procedures.find((p) => p.definition.code === code)?.definition.definitionVersion ?? null;
    return {
      code,
      current,
      items: rows.map((r) => {
        const def = r.definition as { deadline: unknown; steps: unknown[]; fee: unknown };
        return {
          version: r.version,
          hash: r.hash,
          name: r.name,
          publishedAt: formatVn(r.publishedAt),
          deadline: def.deadline,
          fee: def.fee,
          steps: def.steps,
        };
      }),
    };
  }
}
