/* eslint-disable no-console -- a command-line tool: its output is the product */
import { join } from 'node:path';
import { projectRoot } from '../common/project-root.js';
import { WorkflowsInvalid } from '../workflow-engine/definition-error.js';
import { loadWorkflows } from '../workflows/workflows-loader.js';

const dir = process.env.WORKFLOWS_DIR || process.argv[2] || join(projectRoot(), 'workflows');
try {
  const w = loadWorkflows(dir);
  const years = [...w.calendars.entries()].map(([id, ys]) => `${id}: ${ys.map((y) => y.year).join(', ')}`).join('; ');
  console.log(
    `OK ${dir}: ${w.agencies.agencies.length} cơ quan, ${w.procedures.length} thủ tục, ${w.ruleSets.length} bộ quy tắc, ` +
      `${w.plans.length} kế hoạch CCHC, lịch ${years}`,
  );
} catch (e) {
  if (e instanceof WorkflowsInvalid) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
