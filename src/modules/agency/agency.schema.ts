import { z } from 'zod';
import { DEPARTMENT_KINDS, type DepartmentKind } from '../../workflow-engine/vocabulary.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ phải có dạng HH:MM');
export const sessionSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'ca làm việc phải có dạng HH:MM-HH:MM');

/** Department kinds (the engine's words): procedure steps name an owner kind, resolved to each commune's own department. */
export { DEPARTMENT_KINDS, type DepartmentKind } from '../../workflow-engine/vocabulary.js';

const unitId = z.string().regex(/^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$/, 'mã định danh phải theo QCVN 102:2016, ví dụ 000.00.12.H10');
const code = z.string().regex(/^[A-Z0-9]+(\.[A-Z0-9]+)*$/, 'mã cơ quan chỉ gồm chữ in hoa, số và dấu chấm');

const calendarRef = {
  calendar: z.string().min(1).optional(),
  sessions: z.array(sessionSchema).min(1).optional(),
};

const departmentSchema = z.object({ code, kind: z.enum(DEPARTMENT_KINDS), name: z.string().min(3), ...calendarRef }).strict();

const communeSchema = z
  .object({
    code,
    name: z.string().min(3),
    type: z.enum(['xa', 'phuong', 'dac_khu']),
    unitId,
    unitIdConfirmed: z.boolean(),
    ...calendarRef,
    departments: z.array(departmentSchema).min(1),
  })
  .strict();

const provinceSchema = z
  .object({ code, name: z.string().min(3), unitId, unitIdConfirmed: z.boolean(), ...calendarRef, communes: z.array(communeSchema) })
  .strict();

export const agenciesFileSchema = z
  .object({
    defaults: z
      .object({
        calendar: z.string().min(1),
        sessions: z.array(sessionSchema).min(1),
        cutoff: hhmm,
        /** Length of a working day in the hour model (domain.md §6); 8 unless a rule says otherwise. */
        hoursPerDay: z.number().positive().max(12).default(8),
      })
      .strict(),
    provinces: z.array(provinceSchema).min(1),
  })
  .strict();

export type AgenciesFile = z.infer<typeof agenciesFileSchema>;

export type AgencyLevel = 'province' | 'commune' | 'department';

/** One agency, flattened from the hierarchy, with its inherited calendar and office sessions. */
export interface Agency {
  code: string;
  name: string;
  level: AgencyLevel;
  parentCode: string | null;
  provinceCode: string;
  /** The commune (or ward) the agency belongs to; null for a province. */
  communeCode: string | null;
  kind: DepartmentKind | null;
  communeType: 'xa' | 'phuong' | 'dac_khu' | null;
  /** QCVN 102 identifier used in dossier codes (inherited by departments from their commune). */
  unitId: string;
  unitIdConfirmed: boolean;
  calendar: string;
  sessions: string[];
}
