import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ref } from '../../common/schema.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { PlanTaskReportService } from './plan-task-report.service.js';
import { planTaskReportHtml, planTaskReportXlsx } from './plan-task-report-docs.js';
import { PlanTasksService } from './plan-tasks.service.js';
import { PlanReportQuery, PlanTasksQuery, TaskProgressDto } from './plans.dto.js';

const PLAN_ROLES = ['admin', 'manager', 'leader', 'specialist', 'reception', 'province_viewer'] as const;

/** The reform plan's tasks (issue 27): what each unit must do, by when, what it recorded, and the period's report. */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('api/v1/plans')
export class PlansController {
  constructor(
    private readonly tasks: PlanTasksService,
    private readonly reports: PlanTaskReportService,
  ) {}

  @Get('tasks')
  @Roles(...PLAN_ROLES)
  @ApiOperation({ summary: 'Nhiệm vụ của kế hoạch CCHC: tình trạng, tiến độ mới nhất, quyền cập nhật' })
  @ApiOkResponse({ schema: ref('PlanTasks') })
  overview(@CurrentUser() actor: AuthUser, @Query() q: PlanTasksQuery) {
    return this.tasks.overview(actor, q);
  }

  /** The plan's report for a quarter or a year, as JSON, a page to print, or .xlsx. */
  @Get('report')
  @Roles(...PLAN_ROLES)
  @ApiProduces('application/json', 'text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'Báo cáo kết quả thực hiện kế hoạch CCHC theo quý, năm (JSON, HTML để in, .xlsx)' })
  @ApiOkResponse({
    description: 'Báo cáo',
    content: {
      'application/json': { schema: ref('PlanTaskReport') },
      'text/html': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
    },
  })
  async report(@CurrentUser() actor: AuthUser, @Query() q: PlanReportQuery, @Res() res: FastifyReply): Promise<void> {
    const r = await this.reports.report(actor, q);
    if (q.format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.header('Content-Disposition', `attachment; filename="bao-cao-ke-hoach-cchc-${r.agency}-${r.period}.xlsx"`);
      res.send(await planTaskReportXlsx(r));
    } else if (q.format === 'html') res.type('text/html; charset=utf-8').send(planTaskReportHtml(r));
    else res.send(r);
  }

  @Get(':planId/tasks/:taskId')
  @Roles(...PLAN_ROLES)
  @ApiOperation({ summary: 'Một nhiệm vụ với mọi lần cập nhật tiến độ' })
  @ApiOkResponse({ schema: ref('PlanTask') })
  task(@CurrentUser() actor: AuthUser, @Param('planId') planId: string, @Param('taskId') taskId: string) {
    return this.tasks.task(actor, planId, taskId);
  }

  @Post(':planId/tasks/:taskId/progress')
  @Roles(...PLAN_ROLES)
  @ApiOperation({ summary: 'Ghi tiến độ, đánh dấu hoàn thành hoặc mở lại nhiệm vụ (kèm minh chứng)' })
  @ApiOkResponse({ schema: ref('PlanTask') })
  record(@CurrentUser() actor: AuthUser, @Param('planId') planId: string, @Param('taskId') taskId: string, @Body() dto: TaskProgressDto) {
    return this.tasks.record(actor, planId, taskId, dto);
  }

  @Get(':planId/entries/:entryId/evidence')
  @Roles(...PLAN_ROLES)
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Tệp minh chứng của một lần cập nhật' })
  async evidence(@CurrentUser() actor: AuthUser, @Param('planId') planId: string, @Param('entryId') entryId: string, @Res() res: FastifyReply): Promise<void> {
    const f = await this.tasks.evidence(actor, planId, entryId);
    res.type(f.type);
    const ascii = f.name.normalize('NFD').replace(/[^\w.-]+/g, '_');
    res.header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    res.header('X-Content-Type-Options', 'nosniff');
    res.send(f.data);
  }
}
