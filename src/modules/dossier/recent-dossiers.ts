import { RecentRows } from '../../workflow-engine/recent-rows.js';
import type { DossierRow } from './dossier-row.js';

/** The dossiers this process last received, changed or showed (ADR 0012): the action path's and the dossier page's. */
export class RecentDossiers extends RecentRows<DossierRow> {}
