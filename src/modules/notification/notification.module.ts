import { Module } from '@nestjs/common';
import { NotificationController } from './notification.controller.js';
import { NotificationReadService } from './notification-read.service.js';
import { NotificationService } from './notification.service.js';

@Module({ controllers: [NotificationController], providers: [NotificationService, NotificationReadService], exports: [NotificationService] })
export class NotificationModule {}
