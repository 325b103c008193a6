import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/common/project-root.js';

/** A scratch copy of workflows/ that a test may break. */
export function copyWorkflows(): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-wf-'));
  cpSync(join(projectRoot(), 'workflows'), dir, { recursive: true });
  return dir;
}

export function editFile(dir: string, file: string, edit: (text: string) => string): void {
  const p = join(dir, file);
  writeFileSync(p, edit(readFileSync(p, 'utf8')));
}
