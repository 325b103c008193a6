import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { notFound } from '../../common/app-error.js';
import { AgencyDirectory } from './agency-directory.js';
import type { Agency } from './agency.schema.js';

export interface AgencyView {
  code: string;
  name: string;
  level: Agency['level'];
  kind: Agency['kind'];
  parentCode: string | null;
  provinceCode: string;
  communeCode: string | null;
  unitId: string;
  unitIdConfirmed: boolean;
  calendar: string;
  sessions: string[];
}

@Injectable()
export class AgencyService {
  constructor(private readonly directory: AgencyDirectory) {}

  /** Mirrors agencies.yaml into the agency table (foreign keys, SQL scoping); removed ones become inactive. */
  async sync(em: EntityManager): Promise<void> {
    for (const a of this.directory.agencies) {
      await em.query(
        `INSERT INTO agency (code, name, level, parent_code, province_code, commune_code, kind, unit_id, active, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, now())
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
           province_code = EXCLUDED.province_code, commune_code = EXCLUDED.commune_code, kind = EXCLUDED.kind,
           unit_id = EXCLUDED.unit_id, active = true, updated_at = now()`,
        [a.code, a.name, a.level, a.parentCode, a.provinceCode, a.communeCode, a.kind, a.unitId],
      );
    }
    await em.query('UPDATE agency SET active = false WHERE NOT (code = ANY($1))', [this.directory.agencies.map((a) => a.code)]);
  }

  list(): AgencyView[] {
    return this.directory.agencies.map((a) => this.view(a));
  }

  get(code: string): Agency {
    const a = this.directory.get(code);
    if (!a) throw notFound('cơ quan', code);
    return a;
  }

  view(a: Agency): AgencyView {
    return {
      code: a.code,
      name: a.name,
      level: a.level,
      kind: a.kind,
      parentCode: a.parentCode,
      provinceCode: a.provinceCode,
      communeCode: a.communeCode,
      unitId: a.unitId,
      unitIdConfirmed: a.unitIdConfirmed,
      calendar: a.calendar,
      sessions: a.sessions,
    };
  }
}
