import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { DossierImportService, type ImportResult } from './dossier-import.service.js';
import { ref } from '../../common/schema.js';

@ApiTags('import')
@ApiBearerAuth()
@Controller('api/v1/import')
export class DossierImportController {
  constructor(private readonly imports: DossierImportService) {}

  /** A JSON array or NDJSON of historical dossiers, each replayed through its workflow at its own times. */
  @Post('dossiers')
  @HttpCode(200)
  @Roles('admin', 'importer')
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiOperation({ summary: 'Nhập hồ sơ lịch sử (JSON hoặc NDJSON)' })
  @ApiOkResponse({ schema: ref('ImportResult') })
  import(@CurrentUser() actor: AuthUser, @Body() body: unknown): Promise<ImportResult> {
    return this.imports.import(actor, body);
  }
}
