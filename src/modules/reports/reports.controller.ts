import { applyDecorators, Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { validationFailed } from '../../common/app-error.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { type Form06Header, form06Csv, form06Xlsx, toForm06Row } from './form-06a.js';
import { namedPeriod } from './period.js';
import { Clock } from '../../common/clock.js';
import { vnDate } from '../../common/vn-time.js';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/paging.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { MEASURE_NAMES } from './indicator-measures.js';
import { LateStepsService } from './late-steps.service.js';
import { RegisterService } from './register.service.js';
import { form07Html, form07Xlsx } from './form-07.js';
import { PlanReportService } from './plan-report.service.js';
import { Index766Service } from './index-766.service.js';
import { ScheduledReportsService } from './scheduled-reports.service.js';
import { GROUP_BY, type GroupBy, IndicatorsService, type Source, SOURCES } from './indicators.service.js';
import { ref } from '../../common/schema.js';

/** The unit and the period every report takes (dates YYYY-MM-DD, Vietnam time). */
export class PeriodQuery {
  @ApiPropertyOptional({ example: 'LS.LOCBINH', description: 'Xã/phường hoặc tỉnh; mặc định: đơn vị của người dùng' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  agency?: string;
  @ApiPropertyOptional({ example: '2026-01-01' }) @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional({ example: '2026-03-31' }) @IsOptional() @IsString() to?: string;
}

const SourceParam = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      enum: SOURCES,
      description:
        'rollup (mặc định): số liệu tổng hợp theo ngày cộng các hồ sơ vừa thay đổi — cùng số liệu với live, nhanh hơn nhiều; ' +
        'live: đếm trực tiếp từ hồ sơ. Theo phòng ban (groupBy=department) luôn đếm trực tiếp.',
    }),
    IsOptional(),
    IsIn(SOURCES, { message: 'source là live hoặc rollup' }),
  );

export class IndicatorsQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: GROUP_BY }) @IsOptional() @IsIn(GROUP_BY, { message: `groupBy là một trong: ${GROUP_BY.join(', ')}` }) groupBy?: GroupBy;
  @SourceParam() source?: Source;
}

export class Form06Query extends PeriodQuery {
  @ApiPropertyOptional({ enum: ['field', 'department'], description: 'Dòng theo lĩnh vực (mẫu chính thức, mặc định) hoặc theo phòng ban' })
  @IsOptional()
  @IsIn(['field', 'department'], { message: 'groupBy là field hoặc department' })
  groupBy?: 'field' | 'department';
  @ApiPropertyOptional({ example: '2026-Q1', description: 'Kỳ: 2026, 2026-H1, 2026-Q1 (hoặc from/to)' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  period?: string;
  @ApiPropertyOptional({ enum: ['json', 'xlsx', 'csv'] }) @IsOptional() @IsIn(['json', 'xlsx', 'csv'], { message: 'format là json, xlsx hoặc csv' }) format?:
    'json' | 'xlsx' | 'csv';
  @SourceParam() source?: Source;
}

export class RegisterQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: ['html', 'xlsx', 'json'], description: 'html (mặc định): sổ để in; xlsx; json' })
  @IsOptional()
  @IsIn(['html', 'xlsx', 'json'], { message: 'format là html, xlsx hoặc json' })
  format?: 'html' | 'xlsx' | 'json';
}

export class PlanQuery {
  @ApiPropertyOptional({ example: 'LS.LOCBINH' }) @IsOptional() @IsString() @MaxLength(60) agency?: string;
  @ApiPropertyOptional({ example: '2026' }) @IsOptional() @IsString() @MaxLength(4) year?: string;
}

export class IndicatorDossiersQuery extends IntersectionType(PageQuery, PeriodQuery) {
  @ApiPropertyOptional({ enum: MEASURE_NAMES, example: 'resolved.late' }) @IsOptional() @IsString() measure?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) procedure?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) field?: string;
}

const REPORT_ROLES = ['admin', 'manager', 'leader', 'province_viewer', 'reception', 'specialist'] as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly agencies: AgencyDirectory,
    private readonly plans: PlanReportService,
    private readonly index766s: Index766Service,
    private readonly scheduled: ScheduledReportsService,
    private readonly clock: Clock,
    private readonly lateStepsService: LateStepsService,
    private readonly registers: RegisterService,
  ) {}

  /** QĐ 766 index: five groups and their items, points only where the formula is known. */
  @Get('index-766')
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Chỉ số QĐ 766: điểm tính được và lý do các mục chưa tính' })
  @ApiOkResponse({ schema: ref('Index766') })
  index766(@CurrentUser() actor: AuthUser, @Query() q: IndicatorsQuery) {
    return this.index766s.index(actor, q);
  }

  /** Reports produced on the plans' reporting cadence (Biểu II.06a per period), newest first. */
  @Get('runs')
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Các báo cáo định kỳ đã lập' })
  @ApiOkResponse({ schema: ref('ReportRuns') })
  runs(@CurrentUser() actor: AuthUser, @Query() q: PlanQuery) {
    return this.scheduled.list(actor, q.agency);
  }

  @Get('runs/:id')
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Một báo cáo định kỳ đã lập' })
  @ApiOkResponse({ schema: ref('ReportRun') })
  run(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    return this.scheduled.get(actor, id);
  }

  /** Each plan target with the actual value, met / not met / not measured (with the reason), and the year-end pace. */
  @Get('plan')
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Chỉ tiêu kế hoạch cải cách hành chính: đạt, chưa đạt, chưa đo được' })
  @ApiOkResponse({ schema: ref('PlanReport') })
  plan(@CurrentUser() actor: AuthUser, @Query() q: PlanQuery) {
    return this.plans.report(actor, q);
  }

  /** Rates of domain.md §7 with their numerators and denominators (Biểu II.06a columns), by unit, procedure, field or month. */
  @Get('indicators')
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Chỉ tiêu giải quyết hồ sơ: tỷ lệ với tử số và mẫu số' })
  @ApiOkResponse({ schema: ref('Indicators') })
  get(@CurrentUser() actor: AuthUser, @Query() q: IndicatorsQuery) {
    return this.indicators.indicators(actor, q);
  }

  /** Biểu II.06a (TT 01/2020) by field, as JSON, .xlsx (merged official headers) or CSV. */
  @Get('form-06')
  @Roles(...REPORT_ROLES)
  @ApiProduces('application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOperation({ summary: 'Biểu II.06a (JSON, .xlsx hoặc CSV)' })
  @ApiOkResponse({
    description: 'Biểu II.06a',
    content: {
      'application/json': { schema: ref('Form06') },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async form06(@CurrentUser() actor: AuthUser, @Query() q: Form06Query, @Res() res: FastifyReply): Promise<void> {
    if (q.period && (q.from || q.to)) throw validationFailed([{ field: 'period', message: 'dùng period hoặc from/to, không dùng cả hai' }]);
    const { from, to } = q.period ? namedPeriod(q.period) : { from: q.from, to: q.to };
    const groupBy = q.groupBy ?? 'field';
    const r = await this.indicators.indicators(actor, { agency: q.agency, from, to, groupBy, source: q.source });
    const rows = r.rows.map((row, i) => toForm06Row(i + 1, row));
    const total = toForm06Row(null, { ...r.total, label: 'Tổng số' });
    const code = r.agency ?? 'toan-he-thong';
    const name = code === 'toan-he-thong' ? 'toàn hệ thống' : (this.agencies.get(code)?.name ?? code);
    const file = `bieu-II06a-${code}-${r.from}-${r.to}${groupBy === 'department' ? '-theo-phong-ban' : ''}`;
    if (q.format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.header('Content-Disposition', `attachment; filename="${file}.xlsx"`);
      res.send(await form06Xlsx(this.form06Header(code, name, r.from, r.to, groupBy), rows, total));
    } else if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8');
      res.header('Content-Disposition', `attachment; filename="${file}.csv"`);
      res.send(form06Csv(rows, total));
    } else {
      res.send({ form: 'II.06a', agency: code, agencyName: name, from: r.from, to: r.to, rows, total });
    }
  }

  /**
   * The form's units and date line: a commune reports to its province's People's Committee (its office collects the
   * figures), a province to the Government Office; signed today, at the reporting unit's place.
   */
  private form06Header(code: string, name: string, from: string, to: string, groupBy: 'field' | 'department'): Form06Header {
    const unit = this.agencies.get(code);
    const province = unit ? this.agencies.get(unit.provinceCode) : undefined;
    const recipient = !unit
      ? 'Văn phòng Chính phủ'
      : unit.level === 'province'
        ? 'Văn phòng Chính phủ (Cục Kiểm soát thủ tục hành chính)'
        : `${province?.name ?? unit.provinceCode} (Văn phòng UBND tỉnh)`;
    return {
      reportingUnit: name,
      recipient,
      place: name.replace(/^(UBND|Ủy ban nhân dân)\s+(tỉnh|thành phố|xã|phường|đặc khu|thị trấn)\s+/iu, ''),
      signedOn: vnDate(this.clock.now()),
      from,
      to,
      rowTitle: groupBy === 'department' ? 'Phòng, ban, đơn vị' : 'Lĩnh vực, công việc giải quyết theo cấp',
    };
  }

  /** Form 07, the register of the dossiers a commune's centre received (default: this month), to print or download. */
  @Get('register')
  @Roles(...REPORT_ROLES)
  @ApiProduces('text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/json')
  @ApiOperation({ summary: 'Mẫu 07 — Sổ theo dõi hồ sơ (HTML để in, .xlsx hoặc JSON)' })
  @ApiOkResponse({
    description: 'Sổ theo dõi hồ sơ',
    content: {
      'text/html': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
      'application/json': { schema: ref('Register') },
    },
  })
  async register(@CurrentUser() actor: AuthUser, @Query() q: RegisterQuery, @Res() res: FastifyReply): Promise<void> {
    const r = await this.registers.register(actor, q);
    const file = `so-theo-doi-ho-so-${r.agency}-${r.header.from}-${r.header.to}`;
    if (q.format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.header('Content-Disposition', `attachment; filename="${file}.xlsx"`);
      res.send(await form07Xlsx(r.header, r.rows));
    } else if (q.format === 'json') {
      res.send({ form: '07', agency: r.agency, agencyName: r.header.commune, centre: r.header.centre, from: r.header.from, to: r.header.to, rows: r.rows });
    } else res.type('text/html; charset=utf-8').send(form07Html(r.header, r.rows));
  }

  /** Internal steps finished in the period by the unit owning them, and how many finished late (form 06). */
  @Get('late-steps')
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Nguồn gốc chậm trễ: số bước xử lý trễ hạn theo đơn vị sở hữu bước' })
  @ApiOkResponse({ schema: ref('LateSteps') })
  lateSteps(@CurrentUser() actor: AuthUser, @Query() q: PeriodQuery) {
    return this.lateStepsService.byUnit(actor, q);
  }

  /** The dossiers behind one figure, e.g. `measure=resolved.late`. */
  @Get('indicators/dossiers')
  @Roles(...REPORT_ROLES)
  @ApiOperation({ summary: 'Các hồ sơ đứng sau một số liệu' })
  @ApiOkResponse({ schema: ref('IndicatorDossiers') })
  dossiers(@CurrentUser() actor: AuthUser, @Query() q: IndicatorDossiersQuery) {
    return this.indicators.dossiers(actor, q);
  }
}
