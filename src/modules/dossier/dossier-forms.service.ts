import { Injectable } from '@nestjs/common';
import { renderSVG } from 'uqr';
import { validationFailed } from '../../common/app-error.js';
import { readEvents, type StoredEvent } from '../../common/event-chain.js';
import { AppConfig } from '../../config/app-config.js';
import { Db } from '../../database/db.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { FORM_KEYS, type FormContext, type FormKey, formData, formHtml } from './dossier-forms.js';
import { DossierQueryService } from './dossier-query.service.js';
import { type DossierRow, trackingUrl } from './dossier-row.js';
import type { RulesEnv } from './dossier-rules.js';
import { DossierService } from './dossier.service.js';

/** A dossier's official forms 01–06: the data from its state and events, and the page to print (form 01 with its QR code). */
@Injectable()
export class DossierFormsService {
  constructor(
    private readonly db: Db,
    private readonly dossiers: DossierService,
    private readonly queries: DossierQueryService,
    private readonly agencies: AgencyDirectory,
    private readonly config: AppConfig,
  ) {}

  /** What a form reads of a dossier. */
  context(row: DossierRow, env: RulesEnv, events: StoredEvent[]): FormContext {
    return {
      row,
      env,
      commune: this.agencies.get(row.agencyCode)!,
      agencyName: (c) => this.agencies.get(c)?.name ?? c,
      events,
      trackingUrl: trackingUrl(this.config.publicBaseUrl, row.code, row.trackingSecret),
    };
  }

  /** Form `nn` of a dossier this user may see, as data (`json`) or as the printable page (`html`, the default). */
  async form(actor: AuthUser, id: string, nn: string, format: string | undefined): Promise<{ json: Record<string, unknown> } | { html: string }> {
    if (!FORM_KEYS.includes(nn as FormKey)) throw validationFailed([{ field: 'nn', message: `mẫu phải là một trong ${FORM_KEYS.join(', ')}` }]);
    if (format !== undefined && format !== 'html' && format !== 'json') throw validationFailed([{ field: 'format', message: 'format là html hoặc json' }]);
    const data = await this.db.read(async (em) => {
      const row = await this.queries.visible(em, actor, id);
      return formData(nn as FormKey, this.context(row, await this.dossiers.rulesEnv(em, row), await readEvents(em, row.id)));
    });
    if (format === 'json') return { json: data };
    return { html: formHtml(nn as FormKey, data, nn === '01' ? renderSVG(String(data.trackingUrl)) : null) };
  }
}
