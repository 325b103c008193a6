import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { Db } from '../../database/db.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { vnDate } from '../../common/vn-time.js';
import type { Applicant } from '../dossier/dossier-row.js';
import { type DossierState, isOverdueAt } from '../dossier/dossier-rules.js';
import { type RegisterHeader, type RegisterRow, registerDates, registerNote } from './form-07.js';
import { monthToDate, parsePeriod } from './period.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { jsonColumn } from '../../database/json-column.js';

/**
 * Received by the commune's centre ($1), whichever agency decides (NĐ 118/2025), written so that each half reads an
 * index: most dossiers are decided where they were received; the partial index holds the others.
 */
const RECEIVED_BY_UNIT = '((agency_code = $1 AND receiving_agency_code = $1) OR (receiving_agency_code = $1 AND receiving_agency_code <> agency_code))';

/** Lines one register may hold: a commune's busiest year is far below it; a bigger request names a shorter period. */
export const REGISTER_MAX_ROWS = 20_000;

/**
 * Form 07, the register of the dossiers a commune's one-stop shop received in a period, in the order received. It is
 * kept by each centre, so it is asked for one commune (a department's register is its commune's).
 */
@Injectable()
export class RegisterService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgencyDirectory,
    private readonly workflows: WorkflowsRef,
    private readonly clock: Clock,
  ) {}

  async register(
    actor: AuthUser,
    q: { agency?: string; from?: string; to?: string },
  ): Promise<{ header: RegisterHeader; agency: string; rows: RegisterRow[] }> {
    const now = this.clock.now().getTime();
    const today = vnDate(this.clock.now());
    // Without dates: the current month up to today, the page a centre keeps open.
    const period = q.from === undefined && q.to === undefined ? monthToDate(today) : parsePeriod(q.from, q.to);
    const code = q.agency ?? actor.agencyCode;
    const unit = actor.scope.visible(code ? this.agencies.get(code) : undefined, (u) => u.code, 'cơ quan', code ?? '');
    if (unit.level === 'province') {
      throw new AppError(
        422,
        'REGISTER_NEEDS_COMMUNE',
        'Sổ theo dõi hồ sơ do từng Trung tâm Phục vụ hành chính công xã, phường lập: hãy chọn một xã, phường.',
        { agency: code },
      );
    }
    const commune = this.agencies.get(unit.communeCode ?? unit.code)!;
    const rows: Record<string, unknown>[] = await this.db.read((em) =>
      em.query(
        `SELECT id, code, procedure_code, applicant, state FROM dossier
         WHERE ${RECEIVED_BY_UNIT} AND received_at >= $2 AND received_at < $3 ORDER BY received_at, code LIMIT ${REGISTER_MAX_ROWS + 1}`,
        [commune.code, period.start, period.end],
      ),
    );
    if (rows.length > REGISTER_MAX_ROWS) {
      throw new AppError(
        422,
        'REGISTER_TOO_LARGE',
        `Kỳ đã chọn có hơn ${REGISTER_MAX_ROWS.toLocaleString('vi-VN')} hồ sơ: hãy chọn khoảng thời gian ngắn hơn.`,
        {
          max: REGISTER_MAX_ROWS,
        },
      );
    }
    const name = (c: string): string => this.agencies.get(c)?.name ?? c;
    const procedures = new Map(this.workflows.value.procedures.map((p) => [p.definition.code, p.definition.name]));
    const centre = this.agencies
      .subtree(commune.code)
      .map((c) => this.agencies.get(c)!)
      .find((a) => a.kind === 'centre');
    return {
      agency: commune.code,
      header: { commune: commune.name, centre: centre?.name ?? null, from: period.from, to: period.to, signedOn: today },
      rows: rows.map((r, i) => {
        const s = jsonColumn<DossierState>(r.state);
        const a = jsonColumn<Applicant>(r.applicant);
        const decider = s.steps.find((st) => st.ownerKind !== 'centre');
        return {
          id: r.id as string,
          stt: i + 1,
          code: r.code as string,
          procedure: procedures.get(r.procedure_code as string) ?? (r.procedure_code as string),
          sets: 1,
          applicant: a.fullName,
          contact: [a.address, a.phone].filter(Boolean).join(' · '),
          decidingUnit: decider ? name(decider.ownerCode) : commune.name,
          ...registerDates(s),
          // Overdue as the sweep judges it, also before the sweep has come by.
          note: registerNote(s, isOverdueAt(s, now)),
        };
      }),
    };
  }
}
