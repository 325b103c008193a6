import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { AgencyDirectory, flattenAgencies } from '../modules/agency/agency-directory.js';
import { agenciesFileSchema } from '../modules/agency/agency.schema.js';
import { readCalendars } from '../modules/calendar/calendar-files.js';
import type { CalendarYear } from '../modules/calendar/calendar.schema.js';
import { WorkingCalendar } from '../modules/calendar/working-calendar.js';
import { type FeedbackProcess, feedbackProcessSchema } from '../modules/feedback/feedback-process.js';
import { type LoadedPlan, planSchema, planYears } from '../modules/reports/plan.schema.js';
import { readPlanTasks } from '../modules/plans/plan-tasks.schema.js';
import { buildDossierMachine } from '../workflow-engine/dossier-machine.js';
import { DefinitionIssue, WorkflowsInvalid, zodIssues } from '../workflow-engine/definition-error.js';
import { pinnedContent, ProcedureDefinition, procedureRuleIssues, procedureSchema } from '../workflow-engine/procedure-definition.js';
import { RuleSet, ruleSetSchema } from '../workflow-engine/rule-set.js';

export interface LoadedProcedure {
  file: string;
  definition: ProcedureDefinition;
  /** Content hash: a published (code, version) whose content changes is refused. */
  hash: string;
  /** Commune codes that offer it. */
  offeredBy: string[];
}

/** Everything in WORKFLOWS_DIR, validated together. */
export interface Workflows {
  dir: string;
  agencies: AgencyDirectory;
  calendars: Map<string, CalendarYear[]>;
  procedures: LoadedProcedure[];
  /** Legal parameters by effective date, oldest first. */
  ruleSets: RuleSet[];
  /** Reform plans per commune, their targets and tasks (optional folder). */
  plans: LoadedPlan[];
  /** The feedback (PAKN) process versions, oldest first. */
  feedback: FeedbackProcess[];
}

function readYaml(dir: string, file: string, issues: DefinitionIssue[]): unknown {
  try {
    return parse(readFileSync(join(dir, file), 'utf8'));
  } catch (e) {
    issues.push({ file, field: '', message: `YAML không đọc được: ${(e as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

/** Stable JSON (sorted keys) so the hash does not depend on key order in the file. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  if (v && typeof v === 'object') {
    return (
      '{' +
      Object.keys(v)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + canonicalJson((v as Record<string, unknown>)[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(v);
}

/**
 * Loads and validates agencies, calendars and procedures. Throws WorkflowsInvalid listing every problem
 * by file and field; the server refuses to start on it and `npm run workflows:check` prints it.
 */
export function loadWorkflows(dir: string): Workflows {
  const issues: DefinitionIssue[] = [];

  // Agencies
  let agencies = new AgencyDirectory([], '15:00');
  if (!existsSync(join(dir, 'agencies.yaml'))) {
    issues.push({ file: 'agencies.yaml', field: '', message: 'thiếu tệp danh mục cơ quan' });
  } else {
    const raw = readYaml(dir, 'agencies.yaml', issues);
    const parsed = agenciesFileSchema.safeParse(raw);
    if (!parsed.success) issues.push(...zodIssues('agencies.yaml', parsed.error));
    else {
      const list = flattenAgencies(parsed.data);
      const seen = new Set<string>();
      for (const a of list) {
        if (seen.has(a.code)) issues.push({ file: 'agencies.yaml', field: a.code, message: `mã cơ quan "${a.code}" bị trùng` });
        seen.add(a.code);
      }
      agencies = new AgencyDirectory(list, parsed.data.defaults.cutoff, parsed.data.defaults.hoursPerDay);
    }
  }

  // Calendars, and every agency's calendar must exist and build
  const cal = readCalendars(dir);
  issues.push(...cal.issues);
  const checkedSessions = new Set<string>();
  for (const a of agencies.agencies) {
    const years = cal.calendars.get(a.calendar);
    if (!years) {
      issues.push({ file: 'agencies.yaml', field: `${a.code}.calendar`, message: `không có lịch "${a.calendar}" trong calendars/` });
      continue;
    }
    const key = a.calendar + '|' + a.sessions.join(',');
    if (checkedSessions.has(key) || years.length === 0) continue;
    checkedSessions.add(key);
    try {
      new WorkingCalendar({ years, sessions: a.sessions, name: a.calendar });
    } catch (e) {
      issues.push({ file: 'agencies.yaml', field: `${a.code}.sessions`, message: (e as Error).message });
    }
  }

  // Procedures
  const procedures: LoadedProcedure[] = [];
  const byCode = new Map<string, string>();
  for (const { file, data: p } of readFolder(dir, 'procedures', procedureSchema, 'không có thủ tục nào', issues)) {
    const ruleIssues = procedureRuleIssues(p);
    for (const i of ruleIssues) issues.push({ file, ...i });
    if (ruleIssues.length === 0) {
      // Forces XState to resolve every target, guard and action name of the machine built from this file.
      try {
        buildDossierMachine(p);
      } catch (e) {
        issues.push({ file, field: 'steps', message: `không dựng được quy trình: ${(e as Error).message}` });
      }
    }
    if (byCode.has(p.code)) issues.push({ file, field: 'code', message: `mã thủ tục "${p.code}" đã dùng trong ${byCode.get(p.code)}` });
    byCode.set(p.code, file);
    const offeredBy = p.agencies ?? agencies.communes().map((c) => c.code);
    (p.agencies ?? []).forEach((code, i) => {
      if (agencies.get(code)?.level !== 'commune') {
        issues.push({ file, field: `agencies[${i}]`, message: `"${code}" không phải mã xã/phường trong agencies.yaml` });
      }
    });
    for (const commune of offeredBy) {
      p.steps.forEach((s, i) => {
        if (agencies.get(commune)?.level === 'commune' && !agencies.departmentOfKind(commune, s.owner)) {
          issues.push({ file, field: `steps[${i}].owner`, message: `${commune} không có phòng ban loại "${s.owner}"` });
        }
      });
    }
    procedures.push({
      file,
      definition: p,
      hash: createHash('sha256')
        .update(canonicalJson(pinnedContent(p)))
        .digest('hex'),
      offeredBy,
    });
  }

  const ruleSets = readRuleSets(dir, issues);

  if (issues.length) throw new WorkflowsInvalid(issues);
  const plans: LoadedPlan[] = [];
  if (existsSync(join(dir, 'plans'))) {
    for (const { file, data } of readFolder(dir, 'plans', planSchema, 'thư mục plans/ không có kế hoạch nào', issues)) {
      if (agencies.get(data.agencyCode)?.level !== 'commune') {
        issues.push({ file, field: 'agencyCode', message: `không có xã/phường "${data.agencyCode}"` });
        continue;
      }
      const planTasks = readPlanTasks(file, data, planYears(data), agencies, issues);
      plans.push({ ...data, id: file.replace(/^plans\//, '').replace(/\.ya?ml$/, ''), planTasks });
    }
  }
  const feedback = readFolder(dir, 'feedback', feedbackProcessSchema, 'không có quy trình xử lý phản ánh, kiến nghị', issues)
    .map((f) => f.data)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  if (issues.length) throw new WorkflowsInvalid(issues);
  return { dir, agencies, calendars: cal.calendars, procedures, ruleSets, plans, feedback };
}

/** Parses every YAML file of a folder against a schema; problems go to `issues` and the file is skipped. */
function readFolder<T>(dir: string, sub: string, schema: z.ZodType<T>, emptyMessage: string, issues: DefinitionIssue[]): { file: string; data: T }[] {
  const abs = join(dir, sub);
  const files = existsSync(abs)
    ? readdirSync(abs)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  if (files.length === 0) issues.push({ file: `${sub}/`, field: '', message: emptyMessage });
  const out: { file: string; data: T }[] = [];
  for (const f of files) {
    const file = `${sub}/${f}`;
    const raw = readYaml(dir, file, issues);
    if (raw === undefined) continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) out.push({ file, data: parsed.data });
    else issues.push(...zodIssues(file, parsed.error));
  }
  return out;
}

function readRuleSets(dir: string, issues: DefinitionIssue[]): RuleSet[] {
  const out: RuleSet[] = [];
  for (const { file, data: r } of readFolder(dir, 'rulesets', ruleSetSchema, 'không có bộ quy tắc nào', issues)) {
    if (out.some((o) => o.id === r.id)) issues.push({ file, field: 'id', message: `mã bộ quy tắc "${r.id}" bị trùng` });
    if (out.some((o) => o.effectiveFrom === r.effectiveFrom)) {
      issues.push({ file, field: 'effectiveFrom', message: `đã có bộ quy tắc hiệu lực từ ${r.effectiveFrom}` });
    }
    out.push(r);
  }
  return out.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}
