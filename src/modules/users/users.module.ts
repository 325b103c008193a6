import { Module } from '@nestjs/common';
import { AccountCache } from './account-cache.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({ controllers: [UsersController], providers: [UsersService, AccountCache], exports: [UsersService, AccountCache] })
export class UsersModule {}
