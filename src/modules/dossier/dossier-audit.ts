import { hash as digest } from 'node:crypto';
import { formatVn, parseVnInstant } from '../../common/vn-time.js';
import type { StoredEvent } from '../../common/event-chain.js';
import { canonicalJson } from '../../workflows/workflows-loader.js';
import { conditionOf } from '../../workflow-engine/dossier-machine.js';
import { toCommand } from './dossier.dto.js';
import { type ActionCommand, applyAction, type DossierState, openDossier, type RulesEnv } from './dossier-rules.js';
import type { DossierRow } from './dossier-row.js';

/**
 * What the receive event fixes of the row that the rules' state does not hold (issue 25): the applicant, the papers
 * and the subject, as a digest (the timeline shows no personal data). Absent in dossiers received before it was kept.
 */
export const recordDigest = (r: Pick<DossierRow, 'applicant' | 'documents' | 'subject'>): string =>
  // As stored (JSON: fields left undefined are dropped), so that the request's objects and the row's agree.
  digest('sha256', canonicalJson(JSON.parse(JSON.stringify({ applicant: r.applicant, documents: r.documents, subject: r.subject ?? null }))), 'hex');

/** The row's stored columns an audit compares with the replay (as the database holds them). */
export interface AuditedColumns {
  status: string;
  condition: string;
  due_at: string | Date;
  original_due_at: string | Date;
  resolved_at: string | Date | null;
  result_class: string | null;
  outcome: string | null;
  apology_count: number;
  finished_at: string | Date | null;
  rating: string | null;
}

const instant = (v: string | Date | number | null | undefined): string | null => (v === null || v === undefined ? null : formatVn(new Date(v)));

/**
 * Replays the chain's events through the rules and compares the result with the row (issue 25: an edit of the row
 * itself — due dates, condition, rating, the applicant's ID number — is no longer invisible to the audit). `envFor`
 * builds the rules' environment the receive event names. Returns the differences, in Vietnamese; none when they agree.
 */
export async function replayProblems(
  row: DossierRow,
  columns: AuditedColumns,
  events: StoredEvent[],
  envFor: (procedureVersion: number, ruleSetId: string) => Promise<RulesEnv>,
): Promise<string[]> {
  const problems: string[] = [];
  const first = events[0];
  if (!first || first.action !== 'receive') return ['nhật ký không bắt đầu bằng sự kiện tiếp nhận'];
  const p = first.payload as { procedureCode?: string; procedureVersion?: number; ruleSetId?: string; channel?: string; dueAt?: string; recordDigest?: string };
  const differs = (what: string, logged: unknown, stored: unknown): void => {
    if (logged !== undefined && logged !== stored) problems.push(`${what} trên hồ sơ (${String(stored)}) khác nhật ký (${String(logged)})`);
  };
  differs('thủ tục', p.procedureCode, row.procedureCode);
  differs('phiên bản thủ tục', p.procedureVersion, row.procedureVersion);
  differs('bộ quy tắc', p.ruleSetId, row.ruleSetId);
  differs('kênh nộp', p.channel, row.channel);
  if (p.recordDigest !== undefined && p.recordDigest !== recordDigest(row)) {
    problems.push('thông tin người nộp, giấy tờ hoặc trích yếu trên hồ sơ đã bị sửa sau khi tiếp nhận');
  }

  let env: RulesEnv;
  let s: DossierState;
  try {
    env = await envFor(p.procedureVersion ?? row.procedureVersion, p.ruleSetId ?? row.ruleSetId);
    // What reception recorded beyond the instant (the fee, what was digitised) is taken from the row.
    s = openDossier(env, first.at.getTime(), {
      payment: row.state.receptionPayment ?? null,
      documents: row.documents,
      dataReused: row.state.digitisation?.dataReused,
    });
  } catch (e) {
    return [...problems, `không dựng lại được hồ sơ lúc tiếp nhận: ${(e as Error).message}`];
  }
  if (p.dueAt !== undefined && parseVnInstant(p.dueAt) !== s.dueAt) problems.push('hạn giải quyết lúc tiếp nhận khác nhật ký');
  let rating: string | null = null;
  for (const e of events.slice(1)) {
    if (e.action === 'rate') {
      rating = String((e.payload as { level?: string }).level ?? '');
      continue;
    }
    try {
      // The sweep's mark has no request body to read back; every other action's payload is its command's.
      const cmd: ActionCommand =
        e.action === 'deadline_passed'
          ? { action: 'deadline_passed' }
          : toCommand({ action: e.action, ...(e.payload as Record<string, string>) } as Parameters<typeof toCommand>[0]);
      s = applyAction(env, s, cmd, e.at.getTime(), e.actorName);
    } catch (err) {
      return [...problems, `sự kiện ${e.seq} (${e.action}) không áp dụng lại được: ${(err as Error).message}`];
    }
  }
  const compare = (what: string, replayed: unknown, stored: unknown): void => {
    if (replayed !== stored) problems.push(`${what}: hồ sơ ghi ${String(stored)}, nhật ký cho ${String(replayed)}`);
  };
  const state = row.state;
  compare('trạng thái', s.status, columns.status);
  compare('trạng thái (bản ghi quy tắc)', s.status, state.status);
  compare('tình trạng hạn', conditionOf(s.machine.context), columns.condition);
  compare('hạn trả', instant(s.dueAt), instant(columns.due_at));
  compare('hạn giải quyết', instant(s.originalDueAt), instant(columns.original_due_at));
  compare('hạn trả (bản ghi quy tắc)', instant(s.dueAt), instant(state.dueAt));
  compare('hạn giải quyết (bản ghi quy tắc)', instant(s.originalDueAt), instant(state.originalDueAt));
  compare('thời điểm có kết quả', instant(s.resolvedAt), instant(columns.resolved_at));
  compare('kết quả đúng/trễ hạn', s.resultClass, columns.result_class);
  compare('kết quả', s.outcome, columns.outcome);
  compare('số văn bản xin lỗi', s.apologies.length, Number(columns.apology_count));
  compare('thời điểm kết thúc', instant(s.finishedAt), instant(columns.finished_at));
  compare('đánh giá', rating, columns.rating);
  return problems;
}
