import { Injectable } from '@nestjs/common';
import { EntityManager, In, Not } from 'typeorm';
import { AgencyEntity } from './agency.entity.js';
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
    const now = new Date();
    const rows = this.directory.agencies.map((a) => ({
      code: a.code,
      name: a.name,
      level: a.level,
      parentCode: a.parentCode,
      provinceCode: a.provinceCode,
      communeCode: a.communeCode,
      kind: a.kind,
      unitId: a.unitId,
      active: true,
      updatedAt: now,
    }));
    const repo = em.getRepository(AgencyEntity);
    await repo.upsert(rows, ['code']);
    await repo.update({ code: Not(In(rows.map((r) => r.code))) }, { active: false });
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
