import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '../../common/paging.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserView } from './user.dto.js';
import { UsersService } from './users.service.js';
import { ref } from '../../common/schema.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Tạo tài khoản cán bộ' })
  @ApiCreatedResponse({ schema: ref('User') })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(actor, dto);
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Danh sách tài khoản' })
  @ApiOkResponse({ schema: ref('UserPage') })
  list(@CurrentUser() actor: AuthUser, @Query() q: ListUsersQuery): Promise<Page<UserView>> {
    return this.users.list(actor, q);
  }

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Một tài khoản' })
  @ApiOkResponse({ schema: ref('User') })
  get(@CurrentUser() actor: AuthUser, @Param('id') id: string): Promise<UserView> {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Sửa tài khoản: họ tên, vai trò, đơn vị, khóa, mật khẩu' })
  @ApiOkResponse({ schema: ref('User') })
  update(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(actor, id, dto);
  }
}
