import { AgencyEntity } from '../modules/agency/agency.entity.js';
import { AppMetaEntity } from './app-meta.entity.js';
import { DossierCodeCounterEntity } from '../modules/dossier/dossier-code-counter.entity.js';
import { DossierDayEntity } from '../modules/reports/dossier-day.entity.js';
import { DossierEntity } from '../modules/dossier/dossier.entity.js';
import { DossierEventEntity } from '../modules/dossier/dossier-event.entity.js';
import { DossierMonthEntity } from '../modules/reports/dossier-month.entity.js';
import { FeedbackEntity } from '../modules/feedback/feedback.entity.js';
import { FeedbackEventEntity } from '../modules/feedback/feedback-event.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { LoginAttemptEntity } from '../modules/auth/login-attempt.entity.js';
import { NotificationEntity } from '../modules/notification/notification.entity.js';
import { NotificationSeenEntity } from '../modules/notification/notification-seen.entity.js';
import { OutboxEntity } from '../modules/notification/outbox.entity.js';
import { ProcedureVersionEntity } from '../modules/catalog/procedure-version.entity.js';
import { RuleSetVersionEntity } from '../modules/catalog/rule-set-version.entity.js';
import { AuditSealEntity } from '../modules/audit/audit-seal.entity.js';
import { ReceptionSlipEntity } from '../modules/dossier/reception-slip.entity.js';
import { ReportRunEntity } from '../modules/reports/report-run.entity.js';
import { UserEntity } from '../modules/users/user.entity.js';
import { PlanTaskEntryEntity, PlanTaskReminderEntity, PlanTaskStateEntity } from '../modules/plans/plan-task.entities.js';

/** Every table's entity, registered once for both database modes (a test compares them with the migrations). */
export const ENTITIES = [
  UserEntity,
  AgencyEntity,
  LoginAttemptEntity,
  ProcedureVersionEntity,
  RuleSetVersionEntity,
  AuditSealEntity,
  AppMetaEntity,
  DossierCodeCounterEntity,
  IdempotencyKeyEntity,
  DossierEntity,
  DossierEventEntity,
  OutboxEntity,
  NotificationEntity,
  NotificationSeenEntity,
  ReceptionSlipEntity,
  ReportRunEntity,
  FeedbackEntity,
  FeedbackEventEntity,
  DossierDayEntity,
  DossierMonthEntity,
  PlanTaskStateEntity,
  PlanTaskEntryEntity,
  PlanTaskReminderEntity,
];
