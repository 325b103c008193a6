import type { AgencyDirectory } from './agency-directory.js';

/**
 * The one scoping mechanism (design.md decision 9): which agencies' records a user may see.
 * Every query for dossiers, feedback and users filters by `codes` (or sees all when `all`).
 * A record outside the scope is answered as 404, so its existence does not leak.
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
}
