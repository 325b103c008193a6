import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/common/project-root.js';
import { WorkflowsInvalid } from '../../src/workflow-engine/definition-error.js';
import { loadWorkflows } from '../../src/workflows/workflows-loader.js';
import { copyWorkflows, editFile } from '../helpers/workflows-copy.js';

/**
 * The five shared plans' tasks as data (issue 27): each plan's count, asserted against its document. Lợi Bác and Năm
 * Dẫn list their tasks in an appendix table (a numbered row each); Tân Đoàn, Tam Thanh and Lộc Bình in the body, a
 * bullet each under "Nhiệm vụ, giải pháp", plus the dated duties of their "Tổ chức thực hiện".
 */
const plans = () => new Map(loadWorkflows(join(projectRoot(), 'workflows')).plans.map((p) => [p.id, p]));
const SOURCES = join(projectRoot(), '..', 'shared', 'plans', 'source');

describe('the plans’ tasks as loaded', () => {
  it('brings in every task of the five plans', () => {
    const counts = Object.fromEntries([...plans()].map(([id, p]) => [id, p.planTasks.length]));
    // Lợi Bác's appendix has 42 rows (section VI skips its number 2); Năm Dẫn's 45; the body plans add 2 dated duties.
    expect(counts).toEqual({ 'loi-bac-2026': 42, 'nam-dan-2026': 47, 'tan-doan-2025': 44, 'tam-thanh-2026': 24, 'loc-binh-2026-2030': 26 });
    for (const p of plans().values()) {
      for (const t of p.planTasks) {
        expect(t.lead.length, `${p.id} ${t.id}`).toBeGreaterThan(0);
        expect(t.deadline.text.length).toBeGreaterThan(2);
      }
    }
    const nd = plans().get('nam-dan-2026')!;
    expect(nd.planTasks.find((t) => t.id === '45')!.assumed).toContain('bỏ trống');
    expect(nd.planTasks.find((t) => t.id === 'TCTH.2')!.deadline).toMatchObject({ kind: 'recurring', every: 'quarter', day: 15 });
    // A task without a written deadline: the plan's year, or each period of a plan over several years.
    expect(plans().get('tam-thanh-2026')!.planTasks[0].deadline).toMatchObject({ kind: 'by', due: '2026-12-31' });
    expect(plans().get('loc-binh-2026-2030')!.planTasks[0].deadline).toMatchObject({ kind: 'ongoing' });
  });

  // The documents are beside the checkout in CI and on the team's machines (../shared), not in the repository.
  it.skipIf(!existsSync(SOURCES))('matches each document: its rows or bullets, and the line each task quotes (needs ../shared/plans/source)', () => {
    for (const p of plans().values()) {
      const lines = readFileSync(join(SOURCES, p.tasksSource!.file), 'utf8').split('\n');
      const fromDoc = p.planTasks.filter((t) => t.section !== 'TCTH');
      if (p.tasksSource!.part === 'appendix') {
        expect(fromDoc.length, p.id).toBe(lines.filter((l) => /^\d+\t/.test(l)).length);
      } else {
        const start = lines.findIndex((l) => /^\s*III\. NHI[ỆE]M V[ỤU]/i.test(l));
        const end = lines.findIndex((l, i) => i > start && /^\s*(IV|V)\. (T[ỔO] CH[ỨU]C TH[ỰU]C HI[ỆE]N|KINH PH)/i.test(l));
        expect(fromDoc.length, p.id).toBe(lines.slice(start, end).filter((l) => /^\s*-/.test(l)).length);
      }
      for (const t of fromDoc) {
        const line = lines[t.line - 1];
        if (p.tasksSource!.part === 'appendix') expect(line.startsWith(`${t.id.split('.').pop()}\t`), `${p.id} ${t.id}: ${line}`).toBe(true);
        else expect(line.trim().startsWith('-'), `${p.id} ${t.id}: ${line}`).toBe(true);
        // Lộc Bình's text is an OCR without its diacritics: its words were restored in the file, so only the others compare.
        if (!p.id.startsWith('loc-binh')) expect(line.replace(/\s+/g, ' '), `${p.id} ${t.id}`).toContain(t.content.slice(0, 25).trim().replace(/\s+/g, ' '));
      }
    }
  });

  it('refuses a plan whose task names an unknown unit, an unreadable deadline, or a unit of another commune', () => {
    const dir = copyWorkflows();
    editFile(dir, 'plans/loi-bac-2026.yaml', (s) =>
      s
        .replace('deadline: "Quý I/2026"', 'deadline: "Quý V/2026"')
        .replace('lead: [KT]', 'lead: [KHONGCO]')
        .replace('agency: LS.LOIBAC.CA', 'agency: LS.TANDOAN.CA'),
    );
    let issues: { file: string; field: string; message: string }[] = [];
    try {
      loadWorkflows(dir);
    } catch (e) {
      if (e instanceof WorkflowsInvalid) issues = e.issues;
    }
    const mine = issues.filter((i) => i.file === 'plans/loi-bac-2026.yaml');
    expect(mine.map((i) => i.message).join('\n')).toContain('không đọc được thời gian "Quý V/2026"');
    expect(mine.map((i) => i.message).join('\n')).toContain('đơn vị "KHONGCO" không có trong units');
    expect(mine.find((i) => i.field === 'units.CA.agency')?.message).toContain('LS.TANDOAN.CA');
  });
});
