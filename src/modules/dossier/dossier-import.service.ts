import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { AppError, validationFailed } from '../../common/app-error.js';
import { Db } from '../../database/db.js';
import { rawInputError, toFieldErrors } from '../../common/validation.js';
import { DOSSIER_ACTIONS } from '../../workflow-engine/dossier-machine.js';
import type { AuthUser } from '../auth/auth-user.js';
import { parseVnInstant } from '../../common/vn-time.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { DossierActionDto, CreateDossierDto } from './dossier.dto.js';
import { dossierChange } from './dossier-row.js';
import { ChangeFeed } from '../events/change-feed.js';
import { type Actor, DossierService } from './dossier.service.js';
import { toCommand } from './dossier.dto.js';
import { overdueUnmarked } from './dossier-rules.js';

export interface ImportResult {
  imported: number;
  skipped: { index: number; code: string }[];
  failed: { index: number; code: string | null; error: { code: string; message: string; details?: unknown } }[];
}

const MAX_ITEMS = 10_000;

/**
 * History import (api.md): each item is received and replayed through its machine at the times it gives,
 * so its deadlines come from the calendar as if live; the sweep's "overdue" is replayed where a deadline
 * passed between two events. One transaction per item: a bad item is rejected alone, with its reason.
 * An item whose code already exists is skipped, so re-importing a file changes nothing.
 */
@Injectable()
export class DossierImportService {
  constructor(
    private readonly db: Db,
    private readonly dossiers: DossierService,
    private readonly agencies: AgencyDirectory,
    private readonly feed: ChangeFeed,
  ) {}

  /** Accepts a JSON array or NDJSON text. */
  parse(body: unknown): unknown[] {
    if (Array.isArray(body)) return body;
    if (typeof body === 'string') {
      const items: unknown[] = [];
      body.split(/\r?\n/).forEach((line, i) => {
        if (!line.trim()) return;
        try {
          items.push(JSON.parse(line));
        } catch {
          throw validationFailed([{ field: `line ${i + 1}`, message: 'dòng không phải JSON hợp lệ' }]);
        }
      });
      return items;
    }
    throw validationFailed([{ field: 'body', message: 'phải là mảng JSON hoặc NDJSON (mỗi dòng một hồ sơ)' }]);
  }

  async import(actor: AuthUser, body: unknown): Promise<ImportResult> {
    const items = this.parse(body);
    if (items.length > MAX_ITEMS) throw validationFailed([{ field: 'body', message: `tối đa ${MAX_ITEMS} hồ sơ mỗi lần nhập` }]);
    const result: ImportResult = { imported: 0, skipped: [], failed: [] };
    const who: Actor = { id: actor.id, name: `Nhập dữ liệu (${actor.username})` };
    for (let index = 0; index < items.length; index++) {
      const raw = items[index] as Record<string, unknown>;
      const code = typeof raw?.code === 'string' ? raw.code : null;
      try {
        const outcome = await this.importOne(actor, who, raw);
        if (outcome === 'skipped') result.skipped.push({ index, code: code! });
        else result.imported++;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        result.failed.push({ index, code, error: { code: e.code, message: e.message, details: e.details } });
      }
    }
    return result;
  }

  private receivingOf(value: unknown, deciding: string): string {
    const commune = typeof value === 'string' ? this.agencies.get(value) : undefined;
    if (!commune || commune.level !== 'commune' || commune.provinceCode !== this.agencies.get(deciding)?.provinceCode) {
      throw validationFailed([{ field: 'receivingAgencyCode', message: 'phải là một xã/phường cùng tỉnh với nơi giải quyết' }]);
    }
    return commune.code;
  }

  private async importOne(actor: AuthUser, who: Actor, raw: Record<string, unknown>): Promise<'imported' | 'skipped'> {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw validationFailed([{ field: 'item', message: 'mỗi phần tử là một đối tượng hồ sơ' }]);
    const unfit = rawInputError(raw);
    if (unfit) throw validationFailed([unfit]);
    const dto = plainToInstance(CreateDossierDto, raw);
    const errors = await validate(dto, { whitelist: true });
    const fields = toFieldErrors(errors as ValidationError[]);
    const code = raw.code;
    if (code !== undefined && (typeof code !== 'string' || !/^[A-Za-z0-9.\-_/]{5,60}$/.test(code))) {
      fields.push({ field: 'code', message: 'mã hồ sơ gồm 5–60 ký tự chữ, số, . - _ /' });
    }
    const receivedAt = typeof raw.receivedAt === 'string' ? parseVnInstant(raw.receivedAt) : null;
    if (receivedAt === null) fields.push({ field: 'receivedAt', message: 'phải là thời điểm ISO 8601' });
    const events = Array.isArray(raw.events) ? (raw.events as Record<string, unknown>[]) : null;
    if (!events) fields.push({ field: 'events', message: 'phải là mảng các sự kiện' });
    const commands = (events ?? []).map((ev, i) => {
      const at = typeof ev?.at === 'string' ? parseVnInstant(ev.at) : null;
      if (at === null) fields.push({ field: `events[${i}].at`, message: 'phải là thời điểm ISO 8601' });
      if (!DOSSIER_ACTIONS.includes(ev?.action as never)) {
        fields.push({ field: `events[${i}].action`, message: `thao tác phải là một trong: ${DOSSIER_ACTIONS.join(', ')}` });
      }
      return { ev, at: at ?? 0, index: i };
    });
    if (fields.length) throw validationFailed(fields);
    for (let i = 1; i < commands.length; i++) {
      if (commands[i].at < commands[i - 1].at) throw validationFailed([{ field: `events[${i}].at`, message: 'các sự kiện phải theo thứ tự thời gian' }]);
    }
    if (commands.length && commands[0].at < receivedAt!) throw validationFailed([{ field: 'events[0].at', message: 'sự kiện trước thời điểm tiếp nhận' }]);
    const deciding = this.agencies.communeOf(dto.agencyCode);
    if (!actor.scope.canSee(deciding)) {
      throw validationFailed([{ field: 'agencyCode', message: 'ngoài phạm vi cơ quan của bạn' }]);
    }
    // Received in another commune of the province (NĐ 118/2025), when the history says so.
    const receiving = raw.receivingAgencyCode === undefined ? deciding : this.receivingOf(raw.receivingAgencyCode, deciding);

    const imported = await this.db.tx(async (em) => {
      if (typeof code === 'string') {
        const [exists] = await em.query('SELECT 1 FROM dossier WHERE code = $1', [code]);
        if (exists) return null;
      }
      let { row } = await this.dossiers.receiveIn(em, who, dto, receivedAt!, {
        imported: true,
        code: code as string | undefined,
        receivingCommune: receiving,
      });
      for (const { ev, at, index } of commands) {
        const payload = plainToInstance(DossierActionDto, { ...ev, expectedVersion: row.version });
        const errs = toFieldErrors((await validate(payload, { whitelist: true })) as ValidationError[]);
        if (errs.length) throw validationFailed(errs.map((f) => ({ ...f, field: `events[${index}].${f.field}` })));
        // The sweep would have marked the dossier overdue when its deadline passed between two events.
        if (overdueUnmarked(row.state, at)) {
          row = await this.dossiers.applyIn(em, row, { action: 'deadline_passed' }, row.state.overdueAt!, who, null, true);
        }
        try {
          row = await this.dossiers.applyIn(
            em,
            row,
            toCommand(payload),
            at,
            { id: who.id, name: typeof ev.actor === 'string' ? ev.actor.slice(0, 200) : who.name },
            payload.note ?? null,
            true,
          );
        } catch (e) {
          if (e instanceof AppError) {
            throw new AppError(e.status, e.code, `Sự kiện ${index + 1} (${String(ev.action)}): ${e.message}`, { ...(e.details as object), event: index });
          }
          throw e;
        }
      }
      return row;
    });
    if (!imported) return 'skipped';
    this.feed.publish([dossierChange(imported)]);
    return 'imported';
  }
}
