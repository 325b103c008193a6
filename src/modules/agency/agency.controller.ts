import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { AgencyService, AgencyView } from './agency.service.js';
import { ref } from '../../common/schema.js';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api/v1/agencies')
export class AgencyController {
  constructor(private readonly agencies: AgencyService) {}

  /** The whole hierarchy: public-sector structure, not a scoped record; citizens choose their commune from it. */
  @Get()
  @Public()
  @ApiOperation({ summary: 'Danh sách cơ quan: tỉnh, xã/phường, phòng ban' })
  @ApiOkResponse({ schema: ref('AgencyList') })
  list(): { items: AgencyView[] } {
    return { items: this.agencies.list() };
  }
}
