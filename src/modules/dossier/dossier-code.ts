import type { EntityManager } from 'typeorm';
import { vnDate } from '../../common/vn-time.js';

/**
 * Assigns the next dossier code `<unitId>-<YYMMDD>-<NNNN>` (TT 01/2018 Đ.19; assumed unchanged by TT 03/2025):
 * sequence per unit per Vietnam day from 0001. The upsert takes the counter row's lock until the reception's
 * transaction ends, so concurrent receptions get distinct numbers, and a rolled-back reception leaves no gap.
 * Past 9999 in one day the number simply grows a digit rather than failing a citizen's reception.
 */
export async function nextDossierCode(em: EntityManager, unitId: string, receivedAt: Date): Promise<string> {
  const day = vnDate(receivedAt);
  const [row] = await em.query(
    `INSERT INTO dossier_code_counter (unit_id, day, last) VALUES ($1, $2, 1)
     ON CONFLICT (unit_id, day) DO UPDATE SET last = dossier_code_counter.last + 1
     RETURNING last`,
    [unitId, day],
  );
  return `${unitId}-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String(row.last).padStart(4, '0')}`;
}
