import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { DeadlineSweepService } from './deadline-sweep.service.js';
import { DossierEnvFactory } from './dossier-env.js';
import { DossierImportController } from './dossier-import.controller.js';
import { DossierImportService } from './dossier-import.service.js';
import { DossierQueryService } from './dossier-query.service.js';
import { DossierController, PublicDossierController } from './dossier.controller.js';
import { DossierService } from './dossier.service.js';
import { ReceptionSlipController, ReceptionSlipService } from './reception-slip.js';

@Module({
  imports: [CalendarModule, NotificationModule],
  controllers: [DossierController, PublicDossierController, DossierImportController, ReceptionSlipController],
  providers: [DossierEnvFactory, DossierService, DossierQueryService, DeadlineSweepService, DossierImportService, ReceptionSlipService],
  exports: [DossierService, DossierQueryService, DeadlineSweepService],
})
export class DossierModule {}
