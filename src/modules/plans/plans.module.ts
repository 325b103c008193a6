import { Module } from '@nestjs/common';
import { NotificationModule } from '../notification/notification.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { PlanReminderService } from './plan-reminder.service.js';
import { PlanTaskReportService } from './plan-task-report.service.js';
import { PlanTasksService } from './plan-tasks.service.js';
import { PlansController } from './plans.controller.js';

/** The reform plan's tasks, their progress, reminders and the period's report (issue 27). */
@Module({
  imports: [NotificationModule, ReportsModule],
  controllers: [PlansController],
  providers: [PlanTasksService, PlanTaskReportService, PlanReminderService],
  exports: [PlanReminderService],
})
export class PlansModule {}
