import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { notFound } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { ref } from '../../common/schema.js';
import { Db } from '../../database/db.js';
import { ruleSetFor } from '../../workflow-engine/rule-set.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { Roles } from '../auth/auth.decorators.js';
import { proposeYear } from '../calendar/calendar-proposal.js';
import { formatVn } from '../calendar/vn-time.js';

export class ProposalQuery {
  @ApiPropertyOptional({ example: 2027, description: 'mặc định: năm sau' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'năm là số nguyên' })
  @Min(2000)
  @Max(2100)
  year?: number;
}

/**
 * What the administrator checks (issue 23): the calendars by year with what is unconfirmed and next year's proposal
 * beside the current data, the rule sets and which is in force, and each procedure's published definition versions.
 * The data lives in `workflows/` (changed by a reviewed commit, not by a form): these routes read it.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    private readonly workflows: WorkflowsRef,
    private readonly clock: Clock,
    private readonly db: Db,
  ) {}

  @Get('calendars')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Lịch làm việc theo năm: ngày lễ, nghỉ bù, làm bù, mục chưa xác nhận' })
  @ApiOkResponse({ schema: ref('Calendars') })
  calendars() {
    return {
      items: [...this.workflows.value.calendars].map(([name, years]) => ({
        name,
        years: years.map((y) => ({ year: y.year, note: y.note ?? null, days: y.days, unconfirmed: y.days.filter((d) => !d.confirmed).length })),
      })),
    };
  }

  /** The law's holidays for a year computed from the lunar calendar, beside the year's data if it exists. */
  @Get('calendars/:name/proposal')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Đề xuất lịch năm (theo Bộ luật Lao động và âm lịch) so với dữ liệu hiện có' })
  @ApiOkResponse({ schema: ref('CalendarProposal') })
  proposal(@Param('name') name: string, @Query() q: ProposalQuery) {
    const years = this.workflows.value.calendars.get(name);
    if (!years) throw notFound('lịch', name);
    const year = q.year ?? Number(formatVn(this.clock.now()).slice(0, 4)) + 1;
    const current = years.find((y) => y.year === year);
    return { name, year, proposed: proposeYear(year), current: current ? current.days : null };
  }

  @Get('rule-sets')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Các bộ quy tắc theo ngày hiệu lực, bộ đang áp dụng' })
  @ApiOkResponse({ schema: ref('RuleSets') })
  ruleSets() {
    const rs = this.workflows.value.ruleSets;
    return { inForce: ruleSetFor(rs, this.clock.now()).id, items: rs };
  }

  /** Every version of a procedure's definition dossiers have pinned, newest first. */
  @Get('procedures/:code/versions')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Các phiên bản định nghĩa của một thủ tục (các bước, thời hạn)' })
  @ApiOkResponse({ schema: ref('ProcedureVersions') })
  async versions(@Param('code') code: string) {
    const rows: Record<string, unknown>[] = await this.db.read((em) =>
      em.query('SELECT version, hash, name, definition, published_at FROM procedure_version WHERE code = $1 ORDER BY version DESC', [code]),
    );
    if (rows.length === 0) throw notFound('thủ tục', code);
    const current = this.workflows.value.procedures.find((p) => p.definition.code === code)?.definition.definitionVersion ?? null;
    return {
      code,
      current,
      items: rows.map((r) => {
        const def = r.definition as { deadline: unknown; steps: unknown[]; fee: unknown };
        return {
          version: Number(r.version),
          hash: r.hash as string,
          name: r.name as string,
          publishedAt: formatVn(new Date(r.published_at as string)),
          deadline: def.deadline,
          fee: def.fee,
          steps: def.steps,
        };
      }),
    };
  }
}
