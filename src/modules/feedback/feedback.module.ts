import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { FeedbackController, PublicFeedbackController } from './feedback.controller.js';
import { FeedbackQueryService } from './feedback-query.service.js';
import { FeedbackWarningService } from './feedback-warning.service.js';
import { FeedbackService } from './feedback.service.js';
import { FeedbackStore } from './feedback-store.js';
import { Open311Controller } from './open311.controller.js';
import { Open311Service } from './open311.service.js';

@Module({
  imports: [CalendarModule, NotificationModule],
  controllers: [FeedbackController, PublicFeedbackController, Open311Controller],
  providers: [FeedbackStore, FeedbackService, FeedbackQueryService, FeedbackWarningService, Open311Service],
  exports: [FeedbackService, FeedbackQueryService, FeedbackWarningService],
})
export class FeedbackModule {}
