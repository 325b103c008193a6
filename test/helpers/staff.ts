import { afterAll, beforeAll, expect } from 'vitest';
import type { Clock } from '../../src/common/clock.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './test-app.js';

/** Staff of Lộc Bình (and one receptionist of Tân Đoàn) as a real centre has them. */
export const STAFF = {
  tn: { roles: ['reception'], agencyCode: 'LS.LOCBINH.TTPVHCC' },
  cv: { roles: ['specialist'], agencyCode: 'LS.LOCBINH.VP' },
  kt: { roles: ['specialist'], agencyCode: 'LS.LOCBINH.KT' },
  ld: { roles: ['leader'], agencyCode: 'LS.LOCBINH.LD' },
  ql: { roles: ['manager'], agencyCode: 'LS.LOCBINH.TTPVHCC' },
  tn2: { roles: ['reception'], agencyCode: 'LS.TANDOAN.TTPVHCC' },
  tinh: { roles: ['province_viewer'], agencyCode: 'LS' },
  nhap: { roles: ['importer'], agencyCode: null },
} as const;

export type StaffName = keyof typeof STAFF;
export type Tokens = Record<StaffName | 'admin', string>;

export interface Person {
  roles: readonly string[];
  agencyCode: string | null;
}

/** Accounts for `people` (username `<prefix><name>`, password `password-123`), created by the admin and logged in. */
export async function createUsers<K extends string>(t: TestApp, people: Record<K, Person>, prefix = 't.'): Promise<Record<K | 'admin', string>> {
  const admin = await t.login('admin', ADMIN_PASSWORD);
  const tokens = { admin } as Record<K | 'admin', string>;
  for (const [name, u] of Object.entries(people) as [K, Person][]) {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: `${prefix}${name}`, fullName: `Cán bộ ${name}`, password: 'password-123', roles: u.roles, agencyCode: u.agencyCode });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    tokens[name] = await t.login(`${prefix}${name}`, 'password-123');
  }
  return tokens;
}

export function createStaff(t: TestApp): Promise<Tokens> {
  return createUsers(t, STAFF);
}

export const APPLICANT = { fullName: 'Nguyễn Văn An', idNumber: '020090001234', phone: '0912345678', email: 'an@example.vn' };

export function receptionBody(procedureCode = '1.004873', extra: Record<string, unknown> = {}) {
  return {
    procedureCode,
    agencyCode: 'LS.LOCBINH',
    channel: 'direct',
    applicant: APPLICANT,
    documents: [{ name: 'Tờ khai', form: 'original', count: 1 }],
    ...extra,
  };
}

/** The receipt's secret, from the tracking link staff see (`…/tra-cuu/<code>?k=<secret>`). */
export const secretOf = (trackingUrl: string): string => new URL(trackingUrl).searchParams.get('k')!;

export interface StaffApp {
  t: TestApp;
  tk: Tokens;
  auth(who: keyof Tokens): { Authorization: string };
}

/** One app per test file, on the given clock, with the staff above logged in; closed after the file. */
export function useStaffApp(clock: Clock): StaffApp {
  const s = { auth: (who: keyof Tokens) => ({ Authorization: `Bearer ${s.tk[who]}` }) } as StaffApp;
  beforeAll(async () => {
    s.t = await startTestApp({}, { clock });
    s.tk = await createStaff(s.t);
  });
  afterAll(() => s.t?.close());
  return s;
}

/** `act(who, record, action, extra, expectedStatus)` for the actions route under `base` (dossiers, feedback). */
export function actionsOf(s: StaffApp, base: string) {
  return async (who: keyof Tokens, r: { id: string; version: number }, action: string, extra: Record<string, unknown> = {}, status = 200) => {
    const res = await s.t
      .http()
      .post(`${base}/${r.id}/actions`)
      .set(s.auth(who))
      .send({ action, expectedVersion: r.version, ...extra });
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  };
}
