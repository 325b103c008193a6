import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../src/database/db.js';
import { nextDossierCode } from '../../src/modules/dossier/dossier-code.js';
import { startTestApp, TestApp } from '../helpers/test-app.js';

describe('dossier codes (domain rule 1)', () => {
  let t: TestApp;
  let db: Db;
  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(Db);
  });
  afterAll(async () => t?.close());
  const code = (unit: string, at: string) => db.tx((em) => nextDossierCode(em, unit, new Date(at)));

  it('numbers per unit per Vietnam day from 0001', async () => {
    expect(await code('000.00.12.H10', '2025-07-01T08:00:00+07:00')).toBe('000.00.12.H10-250701-0001');
    expect(await code('000.00.12.H10', '2025-07-01T16:00:00+07:00')).toBe('000.00.12.H10-250701-0002');
    expect(await code('000.00.12.H10', '2025-07-02T07:30:00+07:00')).toBe('000.00.12.H10-250702-0001');
    expect(await code('000.00.13.H10', '2025-07-01T09:00:00+07:00')).toBe('000.00.13.H10-250701-0001');
    // 17:30 UTC on 1/7 is 00:30 on 2/7 in Vietnam.
    expect(await code('000.00.12.H10', '2025-07-01T17:30:00Z')).toBe('000.00.12.H10-250702-0002');
  });

  it('a rolled-back reception leaves no gap', async () => {
    await expect(
      db.tx(async (em) => {
        await nextDossierCode(em, '000.00.14.H10', new Date('2026-03-02T09:00:00+07:00'));
        throw new Error('reception failed');
      }),
    ).rejects.toThrow('reception failed');
    expect(await code('000.00.14.H10', '2026-03-02T10:00:00+07:00')).toBe('000.00.14.H10-260302-0001');
  });

  it('50 concurrent receptions get 50 distinct, consecutive codes', async () => {
    const codes = await Promise.all(Array.from({ length: 50 }, () => code('000.00.15.H10', '2026-03-03T09:00:00+07:00')));
    expect(new Set(codes).size).toBe(50);
    expect(codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
