import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { notFound } from '../../common/app-error.js';
import { WorkflowsInvalid } from '../../workflow-engine/definition-error.js';
import type { ProcedureDefinition, ProcedureDocument, ProcedureExtension } from '../../workflow-engine/procedure-definition.js';
import type { LoadedProcedure } from '../../workflows/workflows-loader.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { ProcedureVersionEntity } from './procedure-version.entity.js';
import { RuleSetVersionEntity } from './rule-set-version.entity.js';
import { createHash } from 'node:crypto';
import { ruleSetValues } from '../../workflow-engine/rule-set.js';
import { canonicalJson } from '../../workflows/workflows-loader.js';

export interface ProcedureSummary {
  code: string;
  name: string;
  field: string;
  definitionVersion: number;
  deadline: ProcedureDefinition['deadline'];
  fee: ProcedureDefinition['fee'];
  online: ProcedureDefinition['online'];
  documents: ProcedureDocument[];
}

export interface ProcedureDetail extends ProcedureSummary {
  decidedBy: string;
  supplementClock: ProcedureDefinition['supplementClock'];
  offeredBy: string[];
  steps: { id: string; name: string; budget: number; budgetUnit: string; owner: { kind: string; agencyCode: string | null; name: string | null } }[];
  extensions: ProcedureExtension[];
  source: ProcedureDefinition['source'];
}

@Injectable()
export class CatalogService {
  private readonly byCode: Map<string, LoadedProcedure>;

  constructor(
    private readonly workflows: WorkflowsRef,
    private readonly agencies: AgencyDirectory,
  ) {
    this.byCode = new Map(workflows.value.procedures.map((p) => [p.definition.code, p]));
  }

  /**
   * Publishes each definition version once, and each rule set. A (code, version) already published with other
   * content, or a rule set whose values changed under its id, is refused: dossiers pinned to it must keep finishing
   * under the rules they started with, and their past periods' figures must not change.
   */
  async publish(em: EntityManager): Promise<void> {
    const changed = [];
    for (const p of this.byCode.values()) {
      const d = p.definition;
      const versions = em.getRepository(ProcedureVersionEntity);
      await versions
        .createQueryBuilder()
        .insert()
        .values({ code: d.code, version: d.definitionVersion, hash: p.hash, name: d.name, field: d.field, definition: d })
        .orIgnore()
        .execute();
      const row = await versions.findOneByOrFail({ code: d.code, version: d.definitionVersion });
      if (row.hash !== p.hash) {
        changed.push({
          file: p.file,
          field: 'definitionVersion',
          message: `nội dung đã khác phiên bản ${d.definitionVersion} đã công bố; hãy tăng definitionVersion`,
        });
      }
    }
    for (const r of this.workflows.value.ruleSets) {
      const hash = createHash('sha256')
        .update(canonicalJson(ruleSetValues(r)))
        .digest('hex');
      const repo = em.getRepository(RuleSetVersionEntity);
      await repo.createQueryBuilder().insert().values({ id: r.id, hash, content: r }).orIgnore().execute();
      if ((await repo.findOneByOrFail({ id: r.id })).hash !== hash) {
        changed.push({
          file: `rulesets/ (${r.id})`,
          field: 'id',
          message: 'giá trị đã khác bộ quy tắc đã công bố; hãy thêm bộ quy tắc mới (id và effectiveFrom mới) thay vì sửa bộ cũ',
        });
      }
    }
    if (changed.length) throw new WorkflowsInvalid(changed);
  }

  private summary(d: ProcedureDefinition): ProcedureSummary {
    return {
      code: d.code,
      name: d.name,
      field: d.field,
      definitionVersion: d.definitionVersion,
      deadline: d.deadline,
      fee: d.fee,
      online: d.online,
      documents: d.documents ?? [],
    };
  }

  list(agencyCode?: string): ProcedureSummary[] {
    let communeCode: string | null = null;
    if (agencyCode) {
      const a = this.agencies.get(agencyCode);
      if (!a) throw notFound('cơ quan', agencyCode);
      communeCode = a.communeCode;
    }
    return [...this.byCode.values()]
      .filter((p) => agencyCode === undefined || (communeCode !== null && p.offeredBy.includes(communeCode)))
      .map((p) => this.summary(p.definition))
      .sort((a, b) => a.field.localeCompare(b.field, 'vi') || a.name.localeCompare(b.name, 'vi'));
  }

  /** What anyone may read of a procedure: the catalogue's summary, who decides and the legal basis. */
  publicDetail(code: string): ProcedureSummary & { decidedBy: string; legalBasis: string[] } {
    const { decidedBy, source, ...rest } = this.get(code);
    const { supplementClock: _c, offeredBy: _o, steps: _s, ...summary } = rest;
    return { ...summary, decidedBy, legalBasis: source.legalBasis };
  }

  /** The definition; with an agency, each step's owner is resolved to that commune's department. */
  get(code: string, agencyCode?: string): ProcedureDetail {
    const p = this.byCode.get(code);
    if (!p) throw notFound('thủ tục', code);
    const commune = agencyCode ? this.agencies.get(agencyCode) : undefined;
    if (agencyCode && !commune) throw notFound('cơ quan', agencyCode);
    const d = p.definition;
    return {
      ...this.summary(d),
      decidedBy: d.decidedBy,
      supplementClock: d.supplementClock,
      offeredBy: p.offeredBy,
      steps: d.steps.map((s) => {
        const dep = commune?.communeCode ? this.agencies.departmentOfKind(commune.communeCode, s.owner) : undefined;
        return {
          id: s.id,
          name: s.name,
          budget: s.budget,
          budgetUnit: d.deadline.unit === 'same_day' ? 'working_hours' : d.deadline.unit,
          owner: { kind: s.owner, agencyCode: dep?.code ?? null, name: dep?.name ?? null },
        };
      }),
      extensions: d.extensions ?? [],
      source: d.source,
    };
  }
}
