import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { Open311ListQuery, Open311RequestDto } from './open311.dto.js';
import { ref } from '../../common/schema.js';
import { Open311Service } from './open311.service.js';
import { RateLimited } from '../../common/rate-limit.js';

/** Open311 GeoReport v2 routes (Open311Service). */
@ApiTags('open311')
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get('discovery.json')
  @Public()
  @ApiOperation({ summary: 'Open311 GeoReport v2: thông tin dịch vụ' })
  @ApiOkResponse({ schema: ref('Open311Discovery') })
  discovery() {
    return this.open311.discovery();
  }

  @Get('services.json')
  @Public()
  @ApiOperation({ summary: 'Open311 GeoReport v2: các loại phản ánh' })
  @ApiOkResponse({ schema: ref('Open311Services') })
  services() {
    return this.open311.services();
  }

  @Post('requests.json')
  @Public()
  @RateLimited('submit')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open311 GeoReport v2: gửi phản ánh' })
  @ApiCreatedResponse({ schema: ref('Open311Created') })
  create(@Body() dto: Open311RequestDto) {
    return this.open311.create(dto);
  }

  @Get('requests.json')
  @Public()
  @RateLimited('lookup')
  @ApiOperation({ summary: 'Open311 GeoReport v2: danh sách phản ánh' })
  @ApiOkResponse({ schema: ref('Open311Requests') })
  list(@Query() q: Open311ListQuery) {
    return this.open311.list(q);
  }

  @Get('requests/:id.json')
  @Public()
  @RateLimited('lookup')
  @ApiOperation({ summary: 'Open311 GeoReport v2: một phản ánh' })
  @ApiOkResponse({ schema: ref('Open311Requests') })
  one(@Param('id') id: string) {
    return this.open311.one(id);
  }
}
