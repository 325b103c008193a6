import { validationFailed } from '../../common/app-error.js';
import type { AgenciesFile, Agency, DepartmentKind } from './agency.schema.js';

/** Flattens the province → commune → department tree, inheriting calendar, sessions and unit id. */
export function flattenAgencies(file: AgenciesFile): Agency[] {
  const out: Agency[] = [];
  const d = file.defaults;
  for (const p of file.provinces) {
    const pCal = p.calendar ?? d.calendar;
    const pSes = p.sessions ?? d.sessions;
    out.push({
      code: p.code,
      name: p.name,
      level: 'province',
      parentCode: null,
      provinceCode: p.code,
      communeCode: null,
      kind: null,
      communeType: null,
      unitId: p.unitId,
      unitIdConfirmed: p.unitIdConfirmed,
      calendar: pCal,
      sessions: pSes,
    });
    for (const c of p.communes) {
      const cCal = c.calendar ?? pCal;
      const cSes = c.sessions ?? pSes;
      out.push({
        code: c.code,
        name: c.name,
        level: 'commune',
        parentCode: p.code,
        provinceCode: p.code,
        communeCode: c.code,
        kind: null,
        communeType: c.type,
        unitId: c.unitId,
        unitIdConfirmed: c.unitIdConfirmed,
        calendar: cCal,
        sessions: cSes,
      });
      for (const dep of c.departments) {
        out.push({
          code: dep.code,
          name: dep.name,
          level: 'department',
          parentCode: c.code,
          provinceCode: p.code,
          communeCode: c.code,
          kind: dep.kind,
          communeType: c.type,
          unitId: c.unitId,
          unitIdConfirmed: c.unitIdConfirmed,
          calendar: dep.calendar ?? cCal,
          sessions: dep.sessions ?? cSes,
        });
      }
    }
  }
  return out;
}

/** The agency hierarchy in memory: lookups and the subtrees that scoping is built on. */
export class AgencyDirectory {
  private readonly byCode = new Map<string, Agency>();
  private readonly children = new Map<string, Agency[]>();

  constructor(
    readonly agencies: Agency[],
    readonly defaultCutoff: string,
    readonly hoursPerDay = 8,
  ) {
    for (const a of agencies) {
      this.byCode.set(a.code, a);
      if (a.parentCode) this.children.set(a.parentCode, [...(this.children.get(a.parentCode) ?? []), a]);
    }
  }

  get(code: string): Agency | undefined {
    return this.byCode.get(code);
  }

  communes(): Agency[] {
    return this.agencies.filter((a) => a.level === 'commune');
  }

  /** The agency and everything under it. */
  subtree(code: string): string[] {
    const out: string[] = [];
    const walk = (c: string): void => {
      out.push(c);
      for (const ch of this.children.get(c) ?? []) walk(ch.code);
    };
    if (this.byCode.has(code)) walk(code);
    return out;
  }

  /**
   * Whose records a member of `code` sees: department staff see their whole commune (a dossier moves
   * between a commune's departments), commune staff the commune, province staff the province.
   */
  scopeRoot(code: string): string | undefined {
    const a = this.byCode.get(code);
    if (!a) return undefined;
    return a.level === 'department' ? (a.communeCode ?? undefined) : a.code;
  }

  /** The commune (or ward) that a commune or department code stands for; 400 naming `field` when there is none. */
  communeOf(code: string, field = 'agencyCode'): string {
    const commune = this.byCode.get(code)?.communeCode;
    if (!commune) throw validationFailed([{ field, message: `không có xã/phường "${code}"` }]);
    return commune;
  }

  departmentOfKind(communeCode: string, kind: DepartmentKind): Agency | undefined {
    return (this.children.get(communeCode) ?? []).find((a) => a.kind === kind);
  }
}
