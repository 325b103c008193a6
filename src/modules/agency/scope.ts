import { forbidden, notFound, validationFailed } from '../../common/app-error.js';
import type { WhereExpressionBuilder } from 'typeorm';
import type { AgencyDirectory } from './agency-directory.js';

/**
 * Tenancy, in one place (design.md decision 9): which agencies' records a user may see and act for. Every read and
 * write of dossiers, feedback, reports, notifications and users asks here: `visible` for one record, `restrict` (a
 * list's query builder), `codesOf` / `sql` for a list, `mayActFor` for a new record. A record outside the scope is answered as 404, so that its existence
 * does not leak.
 */
export class Scope {
  private readonly set: Set<string>;

  private constructor(
    readonly all: boolean,
    readonly codes: string[],
  ) {
    this.set = new Set(codes);
  }

  static everything(): Scope {
    return new Scope(true, []);
  }

  /** Scope of a member of `agencyCode`: its commune (for departments), commune, or province subtree. */
  static forAgency(directory: AgencyDirectory, agencyCode: string | null): Scope {
    if (agencyCode === null) return Scope.everything();
    const root = directory.scopeRoot(agencyCode);
    return new Scope(false, root ? directory.subtree(root) : []);
  }

  canSee(agencyCode: string | null | undefined): boolean {
    if (this.all) return true;
    return agencyCode !== null && agencyCode !== undefined && this.set.has(agencyCode);
  }

  /**
   * The record, if this user may see it (one of its agencies, when it has several: a dossier's deciding and receiving
   * communes); otherwise 404 (`what` and `key` name it), as when it does not exist.
   */
  visible<T>(row: T | null | undefined, agencyOf: (r: T) => string | null | string[], what: string, key: string): T {
    if (row === null || row === undefined) throw notFound(what, key);
    const codes = agencyOf(row);
    if (!(Array.isArray(codes) ? codes.some((c) => this.canSee(c)) : this.canSee(codes))) throw notFound(what, key);
    return row;
  }

  /** 403 with `message` unless this user may create records for `agencyCode` (their own commune or province). */
  mayActFor(agencyCode: string, message: string): void {
    if (!this.canSee(agencyCode)) throw forbidden(message);
  }

  /**
   * The agencies a list covers: the one asked for (its subtree, cut to the scope: a unit outside it lists nothing
   * rather than saying it exists; one that does not exist is 400), or the whole scope; null for everything.
   */
  codesOf(directory: AgencyDirectory, agency?: string): string[] | null {
    if (agency) {
      if (!directory.get(agency)) throw validationFailed([{ field: 'agency', message: `không có cơ quan "${agency}"` }]);
      return directory.subtree(agency).filter((c) => this.canSee(c));
    }
    return this.all ? null : this.codes;
  }

  /**
   * Cuts a list's query to what this user may see, on `column` (or on any of several: a row is seen when one of them
   * is in the scope), and to `agency`'s subtree when one is asked for.
   */
  restrict<Q extends WhereExpressionBuilder>(qb: Q, column: string | string[], directory?: AgencyDirectory, agency?: string): Q {
    const codes = directory ? this.codesOf(directory, agency) : this.all ? null : this.codes;
    if (codes === null) return qb;
    const any = (Array.isArray(column) ? column : [column]).map((c) => `${c} = ANY(:scopeCodes)`).join(' OR ');
    return qb.andWhere(`(${any})`, { scopeCodes: codes }) as Q;
  }

  /** A hand-written query's condition on `column` (null for everything), its value bound through `bind` (the inbox's). */
  sql(column: string, bind: (v: unknown) => string, directory?: AgencyDirectory, agency?: string): string | null {
    const codes = directory ? this.codesOf(directory, agency) : this.all ? null : this.codes;
    return codes === null ? null : `${column} = ANY(${bind(codes)})`;
  }
}
