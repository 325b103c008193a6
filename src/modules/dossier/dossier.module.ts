import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { DeadlineSweepService } from './deadline-sweep.service.js';
import { DossierEnvFactory } from './dossier-env.js';
import { DossierFormsService } from './dossier-forms.service.js';
import { DossierImportController } from './dossier-import.controller.js';
import { DossierImportService } from './dossier-import.service.js';
import { DossierBoardService } from './dossier-board.service.js';
import { DossierInboxService } from './dossier-inbox.service.js';
import { DossierQueryService } from './dossier-query.service.js';
import { DossierController, PublicDossierController } from './dossier.controller.js';
import { DossierService } from './dossier.service.js';
import { ReceptionSlipController, ReceptionSlipService } from './reception-slip.js';
import { RecentDossiers } from './recent-dossiers.js';
import { DossierStore } from './dossier-store.js';

@Module({
  imports: [CalendarModule, NotificationModule],
  controllers: [DossierController, PublicDossierController, DossierImportController, ReceptionSlipController],
  providers: [
    { provide: RecentDossiers, useFactory: (config: AppConfig) => new RecentDossiers(config.dossierCacheSize), inject: [AppConfig] },
    DossierEnvFactory,
    DossierStore,
    DossierService,
    DossierFormsService,
    DossierQueryService,
    DossierInboxService,
    DossierBoardService,
    DeadlineSweepService,
    DossierImportService,
    ReceptionSlipService,
  ],
  exports: [DossierService, DossierQueryService, DeadlineSweepService],
})
export class DossierModule {}
