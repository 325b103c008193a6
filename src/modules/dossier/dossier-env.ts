import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../database/db.js';
import { AppError, notFound } from '../../common/app-error.js';
import { buildDossierMachine, type DossierMachine } from '../../workflow-engine/dossier-machine.js';
import { type ProcedureDefinition, procedureSchema } from '../../workflow-engine/procedure-definition.js';
import { type RuleSet, ruleSetSchema } from '../../workflow-engine/rule-set.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { CalendarService } from '../calendar/calendar.service.js';
import type { RulesEnv } from './dossier-rules.js';

/**
 * Everything the pure rules need for one dossier: its pinned procedure version (design.md decision 2), its
 * rule set, its commune's calendar and departments, and the machine built from the definition (cached).
 */
@Injectable()
export class DossierEnvFactory {
  private readonly definitions = new Map<string, { def: ProcedureDefinition; machine: DossierMachine }>();

  constructor(
    private readonly workflows: WorkflowsRef,
    private readonly agencies: AgencyDirectory,
    private readonly calendars: CalendarService,
  ) {
    for (const p of workflows.value.procedures) {
      this.definitions.set(`${p.definition.code}@${p.definition.definitionVersion}`, { def: p.definition, machine: buildDossierMachine(p.definition) });
    }
  }

  /** The current (file) definition, used for new dossiers. */
  find(code: string): ProcedureDefinition | undefined {
    return this.workflows.value.procedures.find((x) => x.definition.code === code)?.definition;
  }

  /** The codes of the procedures of one field (lĩnh vực), for filters by field. */
  codesOfField(field: string): string[] {
    return this.workflows.value.procedures.filter((x) => x.definition.field === field).map((x) => x.definition.code);
  }

  offeredBy(code: string): string[] {
    return this.workflows.value.procedures.find((x) => x.definition.code === code)?.offeredBy ?? [];
  }

  /** The rule set a dossier pinned: its file, or as published (rule_set_version) once the file is gone. */
  async ruleSet(em: Queryable, id: string): Promise<RuleSet> {
    const r = this.workflows.value.ruleSets.find((x) => x.id === id) ?? this.published.get(id);
    if (r) return r;
    const [row] = await em.query('SELECT content FROM rule_set_version WHERE id = $1', [id]);
    if (!row) throw new AppError(422, 'RULE_SET_MISSING', `Không còn bộ quy tắc "${id}" mà hồ sơ đã dùng.`, { ruleSetId: id });
    const parsed = ruleSetSchema.parse(row.content);
    this.published.set(id, parsed);
    return parsed;
  }

  private readonly published = new Map<string, RuleSet>();

  /** A pinned version no longer in the files is read back from procedure_version. */
  async definition(em: Queryable, code: string, version: number): Promise<{ def: ProcedureDefinition; machine: DossierMachine }> {
    const key = `${code}@${version}`;
    let found = this.definitions.get(key);
    if (!found) {
      const [row] = await em.query('SELECT definition FROM procedure_version WHERE code = $1 AND version = $2', [code, version]);
      if (!row) throw notFound('phiên bản thủ tục', key);
      const def = procedureSchema.parse(row.definition);
      found = { def, machine: buildDossierMachine(def) };
      this.definitions.set(key, found);
    }
    return found;
  }

  /**
   * The rules' environment of a dossier decided in `communeCode`: its calendar, and its steps' departments. The centre's
   * steps (reception, handing the result back) belong to the receiving commune's centre, the others to the deciding
   * commune's departments (NĐ 118/2025: received in one commune, decided in another of the province).
   */
  envFor(def: ProcedureDefinition, machine: DossierMachine, ruleSet: RuleSet, communeCode: string, receivingCode = communeCode): RulesEnv {
    return {
      def,
      machine,
      ruleSet,
      cal: this.calendars.forAgency(communeCode),
      ownerCode: (kind) => {
        const unit = kind === 'centre' ? receivingCode : communeCode;
        return this.agencies.departmentOfKind(unit, kind)?.code ?? unit;
      },
    };
  }
}
