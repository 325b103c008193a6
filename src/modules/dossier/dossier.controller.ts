import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Page } from '../../common/paging.js';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators.js';
import { DOSSIER_READ_ROLES } from './dossier-access.js';
import { formData } from './dossier-forms.js';
import { DossierFormsService } from './dossier-forms.service.js';
import { DossierBoardService } from './dossier-board.service.js';
import { DossierInboxService } from './dossier-inbox.service.js';
import { DossierQueryService } from './dossier-query.service.js';
import { dossierView, type DossierView, type Viewer } from './dossier-view.js';
import { BoardQuery, CreateDossierDto, DossierActionDto, InboxQuery, ListDossiersQuery, RatingDto, TrackQuery } from './dossier.dto.js';
import { DossierService } from './dossier.service.js';
import { ref } from '../../common/schema.js';
import { RateLimited } from '../../common/rate-limit.js';

@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('api/v1/dossiers')
export class DossierController {
  constructor(
    private readonly dossiers: DossierService,
    private readonly queries: DossierQueryService,
    private readonly agencies: AgencyDirectory,
    private readonly forms: DossierFormsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly inboxes: DossierInboxService,
    private readonly boards: DossierBoardService,
  ) {}

  private viewer(actor: AuthUser): Viewer {
    return { actor, publicBaseUrl: this.config.publicBaseUrl, now: this.clock.now().getTime() };
  }

  /** Reception (form 01 comes back as `receipt`). */
  @Post()
  @Roles('reception')
  @ApiOperation({ summary: 'Tiếp nhận hồ sơ (trả về giấy tiếp nhận, mẫu 01)' })
  @ApiCreatedResponse({ schema: ref('DossierReceived') })
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateDossierDto): Promise<DossierView & { receipt: Record<string, unknown> }> {
    return this.dossiers.receive(actor, dto, (row, env, events) => ({
      ...dossierView(row, env, this.agencies, env.def.name, events, this.viewer(actor)),
      receipt: formData('01', this.forms.context(row, env, events)),
    }));
  }

  @Get()
  @Roles(...DOSSIER_READ_ROLES)
  @ApiOperation({ summary: 'Tìm hồ sơ: theo đơn vị, trạng thái, thủ tục, hạn, mã hoặc tên người nộp' })
  @ApiOkResponse({ schema: ref('DossierPage') })
  list(@CurrentUser() actor: AuthUser, @Query() q: ListDossiersQuery): Promise<Page<DossierView>> {
    return this.queries.list(actor, q);
  }

  /**
   * The work inbox: open dossiers at a step the user's department owns (a leader's: those waiting for a decision;
   * a commune-level account's: every open one), most urgent first, with the working time left.
   */
  @Get('inbox')
  @Roles('reception', 'specialist', 'leader', 'manager')
  @ApiOperation({ summary: 'Hồ sơ cần xử lý của đơn vị mình, gấp nhất trước' })
  @ApiOkResponse({ schema: ref('Inbox') })
  inbox(@CurrentUser() actor: AuthUser, @Query() q: InboxQuery) {
    return this.inboxes.inbox(actor, q);
  }

  /**
   * The overdue board: late dossiers, those owing an apology (form 04), those past the early warning and those
   * waiting for the citizen, by the department the lateness is attributed to; most urgent first.
   */
  @Get('overdue-board')
  @Roles('admin', 'reception', 'specialist', 'leader', 'manager', 'province_viewer')
  @ApiOperation({ summary: 'Bảng theo dõi hồ sơ quá hạn và sắp đến hạn' })
  @ApiOkResponse({ schema: ref('OverdueBoard') })
  board(@CurrentUser() actor: AuthUser, @Query() q: BoardQuery) {
    return this.boards.board(actor, q);
  }

  @Get(':id')
  @Roles(...DOSSIER_READ_ROLES)
  @ApiOperation({ summary: 'Một hồ sơ với các bước và nhật ký' })
  @ApiOkResponse({ schema: ref('DossierView') })
  get(@CurrentUser() actor: AuthUser, @Param('id') id: string): Promise<DossierView> {
    return this.queries.get(actor, id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @Roles('reception', 'specialist', 'leader', 'manager')
  @ApiOperation({ summary: 'Thao tác trên hồ sơ (409 khi phiên bản cũ hoặc trạng thái không cho phép)' })
  @ApiOkResponse({ schema: ref('DossierView') })
  async act(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Body() dto: DossierActionDto): Promise<DossierView> {
    return this.dossiers.act(actor, id, dto, (row, env, timeline) => dossierView(row, env, this.agencies, env.def.name, timeline, this.viewer(actor)));
  }

  /** Verifies the hash chain of the dossier's events and says where it breaks. */
  @Get(':id/audit')
  @Roles(...DOSSIER_READ_ROLES)
  @ApiOperation({ summary: 'Kiểm tra chuỗi băm nhật ký của hồ sơ' })
  @ApiOkResponse({ schema: ref('Audit') })
  audit(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    return this.queries.audit(actor, id);
  }

  /** Forms 01–06 and the denial notice (`denial`): printable HTML by default, the data with `?format=json`. */
  @Get(':id/forms/:nn')
  @Roles(...DOSSIER_READ_ROLES)
  @ApiProduces('text/html', 'application/json')
  @ApiOperation({ summary: 'In biểu mẫu 01–06 hoặc thông báo từ chối giải quyết (denial) của hồ sơ (HTML, hoặc dữ liệu với format=json)' })
  @ApiOkResponse({
    description: 'Biểu mẫu để in (text/html) hoặc dữ liệu của nó (format=json)',
    content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object', additionalProperties: true } } },
  })
  @ApiResponse({ status: 409, description: 'Hồ sơ chưa có biểu mẫu này (FORM_NOT_AVAILABLE)', schema: ref('ErrorBody') })
  async form(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Param('nn') nn: string,
    @Query('format') format: string | undefined,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const form = await this.forms.form(actor, id, nn, format);
    if ('json' in form) res.send(form.json);
    else res.type('text/html; charset=utf-8').send(form.html);
  }
}

@ApiTags('public')
@Controller('api/v1/public/dossiers')
export class PublicDossierController {
  constructor(private readonly queries: DossierQueryService) {}

  @Get(':code')
  @Public()
  @RateLimited('lookup')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Tra cứu hồ sơ công khai (k: mã bí mật trên phiếu hẹn)' })
  @ApiOkResponse({ schema: ref('PublicDossier') })
  track(@Param('code') code: string, @Query() q: TrackQuery) {
    return this.queries.track(code, q.k);
  }

  @Post(':code/rating')
  @Public()
  @RateLimited('rating')
  @ApiOperation({ summary: 'Đánh giá sự hài lòng (cần mã bí mật trên phiếu hẹn)' })
  @ApiCreatedResponse({ schema: ref('RatingResult') })
  rate(@Param('code') code: string, @Body() dto: RatingDto) {
    return this.queries.rate(code, dto);
  }
}
