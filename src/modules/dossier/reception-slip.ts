import { Body, Controller, Get, Injectable, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { forbidden, validationFailed } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { Db } from '../../database/db.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { formatVn } from '../../common/vn-time.js';
import { DOSSIER_READ_ROLES } from './dossier-access.js';
import { DossierEnvFactory } from './dossier-env.js';
import { FORM_TITLES, formHtml } from './dossier-forms.js';
import { ApplicantDto, CHANNELS, type Channel } from './dossier.dto.js';
import { DossierService } from './dossier.service.js';
import { isUuid } from '../../common/uuid.js';
import { ref } from '../../common/schema.js';
import { jsonColumn } from '../../database/json-column.js';
import { ReceptionSlipEntity } from './reception-slip.entity.js';

export class CreateReceptionSlipDto {
  @ApiProperty({ enum: ['incomplete', 'out_of_scope'], description: 'incomplete → mẫu 02; out_of_scope → mẫu 03' })
  @IsIn(['incomplete', 'out_of_scope'], { message: 'outcome là incomplete (thiếu hồ sơ) hoặc out_of_scope (không thuộc thẩm quyền)' })
  outcome: 'incomplete' | 'out_of_scope';
  @ApiProperty({ example: '1.004873' }) @IsString() @MaxLength(20) procedureCode: string;
  @ApiProperty({ example: 'LS.LOCBINH' }) @IsString() @MaxLength(60) agencyCode: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS, { message: 'kênh nộp là direct, online hoặc postal' }) channel: Channel;
  @ApiProperty({ type: ApplicantDto }) @IsObject() @ValidateNested() @Type(() => ApplicantDto) applicant: ApplicantDto;
  @ApiPropertyOptional({ type: [String], description: 'incomplete: giấy tờ còn thiếu' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  missing?: string[];
  @ApiPropertyOptional({ description: 'out_of_scope: lý do' }) @IsOptional() @IsString() @MinLength(3) @MaxLength(2000) reason?: string;
}

/**
 * Reception outcomes other than acceptance (domain.md §5): the citizen leaves with form 02 (what is missing)
 * or form 03 (why it is not for this agency). No dossier code, no clock; kept so they can be reprinted.
 */
@Injectable()
export class ReceptionSlipService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly dossiers: DossierService,
    private readonly envs: DossierEnvFactory,
    private readonly agencies: AgencyDirectory,
  ) {}

  async create(actor: AuthUser, dto: CreateReceptionSlipDto): Promise<Record<string, unknown>> {
    if (!actor.roles.includes('reception')) throw forbidden('Chỉ cán bộ tiếp nhận mới lập phiếu này.');
    const commune = this.agencies.communeOf(dto.agencyCode);
    actor.scope.mayActFor(commune, 'Bạn chỉ tiếp nhận hồ sơ của xã/phường mình.');
    const def = this.envs.find(dto.procedureCode);
    if (!def) throw validationFailed([{ field: 'procedureCode', message: `không có thủ tục "${dto.procedureCode}"` }]);
    if (dto.outcome === 'incomplete' && !dto.missing?.length) throw validationFailed([{ field: 'missing', message: 'phải liệt kê giấy tờ còn thiếu' }]);
    if (dto.outcome === 'out_of_scope' && !dto.reason?.trim()) throw validationFailed([{ field: 'reason', message: 'phải nêu lý do từ chối tiếp nhận' }]);
    const id = await this.db.tx(async (em) => {
      const slip = await em.getRepository(ReceptionSlipEntity).insert({
        kind: dto.outcome,
        agencyCode: commune,
        procedureCode: def.code,
        channel: dto.channel,
        applicant: dto.applicant,
        missing: dto.missing ?? [],
        reason: dto.reason?.trim() ?? null,
        createdBy: actor.id,
        createdByName: actor.fullName,
        createdAt: this.clock.now(),
      });
      return slip.identifiers[0].id as string;
    });
    return this.get(actor, id);
  }

  async get(actor: AuthUser, id: string): Promise<Record<string, unknown>> {
    const found = isUuid(id) ? await this.db.read((em) => em.getRepository(ReceptionSlipEntity).findOneBy({ id })) : null;
    const row = actor.scope.visible(found, (r) => r.agencyCode, 'phiếu tiếp nhận', id);
    const form = row.kind === 'incomplete' ? '02' : '03';
    const at = formatVn(row.createdAt);
    const applicant = jsonColumn<Record<string, unknown>>(row.applicant);
    return {
      id: row.id,
      form,
      title: FORM_TITLES[form],
      outcome: row.kind,
      issuer: this.agencies.get(row.agencyCode)?.name ?? row.agencyCode,
      dossierCode: null,
      procedure: this.envs.find(row.procedureCode)?.name ?? row.procedureCode,
      channel: row.channel,
      applicant,
      items: row.missing,
      reason: row.reason,
      requestedAt: at,
      deniedAt: at,
      createdBy: row.createdByName,
    };
  }
}

@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('api/v1/reception-slips')
export class ReceptionSlipController {
  constructor(private readonly slips: ReceptionSlipService) {}

  @Post()
  @Roles('reception')
  @ApiOperation({ summary: 'Lập phiếu thiếu hồ sơ (mẫu 02) hoặc từ chối tiếp nhận (mẫu 03)' })
  @ApiCreatedResponse({ schema: ref('ReceptionSlip') })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateReceptionSlipDto) {
    return this.slips.create(actor, dto);
  }

  /** The slip's data, or the printable form 02/03 with `?format=html`. */
  @Get(':id')
  @Roles(...DOSSIER_READ_ROLES)
  @ApiOperation({ summary: 'Phiếu mẫu 02/03 (dữ liệu, hoặc HTML để in với format=html)' })
  @ApiOkResponse({
    description: 'Dữ liệu phiếu, hoặc phiếu để in (format=html)',
    content: { 'application/json': { schema: ref('ReceptionSlip') }, 'text/html': { schema: { type: 'string' } } },
  })
  async get(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Query('format') format: string | undefined, @Res() res: FastifyReply): Promise<void> {
    if (format !== undefined && format !== 'html' && format !== 'json') throw validationFailed([{ field: 'format', message: 'format là html hoặc json' }]);
    const data = await this.slips.get(actor, id);
    if (format === 'html') {
      res.type('text/html; charset=utf-8').send(formHtml(data.form as '02' | '03', { ...data, dossierCode: 'chưa cấp (không tiếp nhận)' }, null));
    } else res.send(data);
  }
}
