import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { FeedbackController, PublicFeedbackController } from './feedback.controller.js';
import { FeedbackService } from './feedback.service.js';
import { Open311Controller } from './open311.controller.js';

@Module({
  imports: [CalendarModule, NotificationModule],
  controllers: [FeedbackController, PublicFeedbackController, Open311Controller],
  providers: [FeedbackService],
  exports: [FeedbackService],
})
export class FeedbackModule {}
