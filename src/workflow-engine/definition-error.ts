import type { ZodError } from 'zod';

/** One problem in a workflow data file, named by file and field so an officer can fix it. */
export interface DefinitionIssue {
  file: string;
  field: string;
  message: string;
}

export class WorkflowsInvalid extends Error {
  constructor(readonly issues: DefinitionIssue[]) {
    super(`Dữ liệu quy trình không hợp lệ (${issues.length} lỗi):\n` + issues.map((i) => `  ${i.file}: ${i.field || '(toàn tệp)'}: ${i.message}`).join('\n'));
    this.name = 'WorkflowsInvalid';
  }
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : (i === 0 ? '' : '.') + String(p))).join('');
}

export function zodIssues(file: string, err: ZodError): DefinitionIssue[] {
  return err.issues.map((i) => ({ file, field: fieldPath(i.path), message: i.message }));
}
