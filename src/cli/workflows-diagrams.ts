/* eslint-disable no-console -- a command-line tool: its output is the product */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import type { DepartmentKind } from '../modules/agency/agency.schema.js';
import { EVENT_TEXT } from '../modules/dossier/dossier-view.js';
import { STATUS_TEXT } from '../modules/dossier/dossier-rules.js';
import { buildDossierMachine, type DossierStatus } from '../workflow-engine/dossier-machine.js';
import type { ProcedureDefinition } from '../workflow-engine/procedure-definition.js';
import { statechartMermaid } from '../workflow-engine/statechart-diagram.js';
import { loadWorkflows } from '../workflows/workflows-loader.js';

/**
 * `npm run workflows:diagrams` writes docs/workflows/: for each procedure, the state diagram of the machine the engine
 * builds from its file (Mermaid), so that a commune officer can read what the engine will do. `--check` (run by
 * `npm run workflows:check` in CI) fails when a diagram no longer matches its procedure.
 */
const OWNER_TEXT: Record<DepartmentKind, string> = {
  centre: 'Trung tâm Phục vụ hành chính công',
  office: 'Văn phòng HĐND và UBND',
  economy: 'Phòng Kinh tế',
  culture_social: 'Phòng Văn hóa - Xã hội',
  police: 'Công an xã',
  leadership: 'Lãnh đạo UBND',
};

const UNIT_TEXT = { working_days: 'ngày làm việc', working_hours: 'giờ làm việc', calendar_days: 'ngày', same_day: 'giờ làm việc (trong ngày)' } as const;

const GUARDED: Record<string, string> = {
  'approve|issued': 'Phê duyệt, có kết quả',
  'approve|denied': 'Từ chối giải quyết',
  'receive_supplement|atStep': 'Nhận hồ sơ bổ sung (về bước đang làm)',
  'confirm_payment|atStep': 'Đã nộp phí, lệ phí (về bước đang làm)',
  'withdraw|undecided': 'Rút hồ sơ (khi chưa có quyết định)',
  'stop|undecided': 'Dừng giải quyết (khi chưa có quyết định)',
};

/** The clock's moves, as the arrows name them (the machine's actions; the others are not shown). */
const EFFECT_TEXT: Record<string, string> = {
  pauseClock: 'tạm dừng tính thời hạn (nếu đang tính)',
  resumeClock: 'tính tiếp thời hạn (nếu đang tạm dừng)',
  restartClock: 'tính lại thời hạn từ đầu',
  stopClock: 'dừng tính thời hạn',
};

function effects(actions: string[]): string | null {
  // A restart gives the full time again: "resume" would say less.
  const shown = actions.includes('restartClock') ? actions.filter((a) => a !== 'resumeClock') : actions;
  const words = shown.map((a) => EFFECT_TEXT[a]).filter((w) => w !== undefined);
  return words.length ? words.join(', ') : null;
}

function page(def: ProcedureDefinition, file: string, machine: Parameters<typeof statechartMermaid>[0]): string {
  const stepName = new Map(def.steps.map((s, i) => [i === 0 ? 'received' : `processing.${s.id}`, s.name]));
  const stateName = (path: string): string => stepName.get(path) ?? (path === 'processing' ? 'Đang giải quyết' : (STATUS_TEXT[path as DossierStatus] ?? path));
  const { mermaid, inPlace } = statechartMermaid(machine, {
    state: stateName,
    event: (type, guard) => GUARDED[`${type}|${guard}`] ?? EVENT_TEXT[type] ?? type,
    effects,
  });
  const unit = UNIT_TEXT[def.deadline.unit];
  const steps = def.steps.map((s, i) => `| ${i + 1} | ${s.name} | ${OWNER_TEXT[s.owner]} | ${s.budget} ${unit} |`);
  const where = (paths: string[]): string => paths.map(stateName).join('; ');
  return [
    `# ${def.name}`,
    '',
    `<!-- Sinh từ workflows/${file} bằng \`npm run workflows:diagrams\`; CI kiểm tra tệp này khớp với quy trình. -->`,
    '',
    `Mã thủ tục ${def.code}, phiên bản định nghĩa ${def.definitionVersion} · Lĩnh vực: ${def.field} · Thời hạn: ${def.deadline.text} · ` +
      `Khi bổ sung hồ sơ: ${def.supplementClock === 'RESTART' ? 'tính lại thời hạn từ khi nhận đủ' : 'cộng thêm thời gian chờ'}.`,
    '',
    '| Bước | Tên bước | Đơn vị thực hiện | Thời gian |',
    '|---|---|---|---|',
    ...steps,
    '',
    '```mermaid',
    mermaid,
    '```',
    '',
    'Ghi nhận trên hồ sơ mà không đổi bước:',
    '',
    ...[...inPlace].map(([event, paths]) => `- ${event}: ở ${where(paths)}.`),
    '',
  ].join('\n');
}

const root = projectRoot();
const out = join(root, 'docs', 'workflows');
const w = loadWorkflows(process.env.WORKFLOWS_DIR || join(root, 'workflows'));
const pages = new Map<string, string>();
const index = ['# Quy trình các thủ tục', '', 'Sơ đồ trạng thái của từng thủ tục, sinh từ định nghĩa trong `workflows/procedures/`.', ''];
for (const p of [...w.procedures].sort((a, b) => a.definition.name.localeCompare(b.definition.name, 'vi'))) {
  const name = `${basename(p.file, '.yaml')}.md`;
  pages.set(name, page(p.definition, p.file, buildDossierMachine(p.definition)));
  index.push(`- [${p.definition.name}](${name}) (${p.definition.code})`);
}
pages.set('README.md', index.join('\n') + '\n');

if (process.argv.includes('--check')) {
  const present = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.md')) : [];
  const stale = [...pages].filter(([f, text]) => !existsSync(join(out, f)) || readFileSync(join(out, f), 'utf8') !== text).map(([f]) => f);
  const extra = present.filter((f) => !pages.has(f));
  if (stale.length || extra.length) {
    console.error(`docs/workflows/ không khớp với quy trình (${[...stale, ...extra].join(', ')}): chạy npm run workflows:diagrams.`);
    process.exit(1);
  }
  console.log(`OK docs/workflows/: ${pages.size - 1} sơ đồ khớp với quy trình`);
} else {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [f, text] of pages) writeFileSync(join(out, f), text);
  console.log(`Đã ghi ${pages.size - 1} sơ đồ vào docs/workflows/`);
}
