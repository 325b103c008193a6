import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { validationFailed } from '../../common/app-error.js';
import { Public } from '../auth/auth.decorators.js';
import { CalendarService } from './calendar.service.js';
import { formatVn, parseVnInstant } from '../../common/vn-time.js';
import { DEADLINE_UNITS, DeadlineUnit } from './working-calendar.js';
import { ref } from '../../common/schema.js';

/** Beyond these a request is a mistake, not a deadline (and calendars hold a few years only). */
const MAX_AMOUNT: Record<DeadlineUnit, number> = { working_days: 1000, working_hours: 8000, calendar_days: 1500, same_day: 0 };

export class DueDateQuery {
  @ApiProperty({ example: 'LS.LOCBINH' }) @IsString() agency: string;
  @ApiProperty({ example: '2026-02-13T16:00:00+07:00' }) @IsString() from: string;
  @ApiProperty({ example: 3 }) @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(8000) amount: number;
  @ApiProperty({ enum: DEADLINE_UNITS }) @IsIn(DEADLINE_UNITS) unit: DeadlineUnit;
  @ApiPropertyOptional({ example: '15:00' }) @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'cutoff phải có dạng HH:MM' }) cutoff?: string;
}

@ApiTags('calendar')
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Public()
  @Get('due-date')
  @ApiOperation({ summary: 'Tính hạn giải quyết theo ngày giờ làm việc' })
  @ApiOkResponse({ schema: ref('DueDate') })
  dueDate(@Query() q: DueDateQuery): { agency: string; receivedAt: string; startAt: string; dueAt: string; amount: number; unit: DeadlineUnit } {
    const from = parseVnInstant(q.from);
    if (from === null) throw validationFailed([{ field: 'from', message: 'from phải là thời điểm ISO 8601, ví dụ 2026-02-13T16:00:00+07:00' }]);
    if (q.amount > MAX_AMOUNT[q.unit] && q.unit !== 'same_day') {
      throw validationFailed([{ field: 'amount', message: `amount tối đa ${MAX_AMOUNT[q.unit]} cho đơn vị ${q.unit}` }]);
    }
    if (q.unit === 'calendar_days' && !Number.isInteger(q.amount)) {
      throw validationFailed([{ field: 'amount', message: 'số ngày (lịch) phải là số nguyên' }]);
    }
    const cal = this.calendars.forAgency(q.agency);
    const r = cal.due(from, q.amount, q.unit, q.cutoff);
    return { agency: q.agency, receivedAt: formatVn(from), startAt: formatVn(r.startAt), dueAt: formatVn(r.dueAt), amount: q.amount, unit: q.unit };
  }
}
