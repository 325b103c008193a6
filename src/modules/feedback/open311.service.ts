import { Injectable } from '@nestjs/common';
import { notFound, validationFailed } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { Db } from '../../database/db.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { formatVn, parseVnInstant } from '../../common/vn-time.js';
import type { FEEDBACK_ABOUT } from './feedback.dto.js';
import { FEEDBACK_STATUS_TEXT } from './feedback-view.js';
import { FeedbackService } from './feedback.service.js';
import { FeedbackStore } from './feedback-store.js';
import type { Open311ListQuery, Open311RequestDto } from './open311.dto.js';

type Row = Record<string, unknown>;

/** Our feedback kinds as GeoReport v2 services. */
export const OPEN311_SERVICES: { service_code: (typeof FEEDBACK_ABOUT)[number]; service_name: string; description: string; keywords: string; group: string }[] =
  [
    {
      service_code: 'regulation',
      service_name: 'Phản ánh, kiến nghị về quy định hành chính',
      description: 'Quy định, thủ tục hành chính không hợp lý, không khả thi, trái pháp luật.',
      keywords: 'quy định,thủ tục',
      group: 'PAKN',
    },
    {
      service_code: 'dossier_handling',
      service_name: 'Phản ánh về việc giải quyết thủ tục hành chính',
      description: 'Chậm trễ, gây phiền hà, không thực hiện hoặc thực hiện không đúng khi giải quyết hồ sơ.',
      keywords: 'hồ sơ,chậm trễ,phiền hà',
      group: 'PAKN',
    },
    {
      service_code: 'other',
      service_name: 'Phản ánh, kiến nghị khác',
      description: 'Nội dung khác liên quan đến phục vụ người dân, doanh nghiệp.',
      keywords: 'khác',
      group: 'PAKN',
    },
  ];

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the feedback module, JSON format. Our finer
 * status goes in `status_notes`; `status` is open / closed (published or out of scope). Public: no sender data,
 * and an item's text only once its answer is published.
 */
@Injectable()
export class Open311Service {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly db: Db,
    private readonly agencies: AgencyDirectory,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: FeedbackStore,
  ) {}

  discovery() {
    return {
      changeset: '2026-11-22T00:00:00+07:00',
      contact: 'Trung tâm Phục vụ hành chính công cấp xã',
      key_service: 'Không cần khóa API; gửi công khai bị giới hạn số lượng theo địa chỉ.',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${this.config.publicBaseUrl}/open311/v2`,
          changeset: '2026-11-22T00:00:00+07:00',
          type: 'production',
          formats: ['application/json'],
        },
      ],
    };
  }

  services() {
    return OPEN311_SERVICES.map((s) => ({ ...s, metadata: false, type: 'realtime' }));
  }

  /** A request posted by a client: it becomes a feedback item like the public form's. */
  async create(dto: Open311RequestDto) {
    const fields = [];
    if (!dto.jurisdiction_id) fields.push({ field: 'jurisdiction_id', message: 'cần mã xã/phường nhận phản ánh' });
    if (!((dto.lat !== undefined && dto.long !== undefined) || dto.address_string || dto.address_id)) {
      fields.push({ field: 'lat', message: 'cần lat và long, hoặc address_string, hoặc address_id (GeoReport v2)' });
    }
    if (!dto.description || dto.description.trim().length < 10) fields.push({ field: 'description', message: 'nội dung phản ánh dài ít nhất 10 ký tự' });
    if (fields.length) throw validationFailed(fields);
    const name = [dto.last_name, dto.first_name].filter(Boolean).join(' ').trim() || 'Người gửi qua Open311';
    const created = await this.feedback.submitPublic(
      {
        agencyCode: dto.jurisdiction_id!,
        // The request's location is where the problem is, not the sender's home: kept with the item, not as their address.
        sender: { fullName: name, email: dto.email, phone: dto.phone && /^\+?\d{8,15}$/.test(dto.phone) ? dto.phone : undefined },
        subject: dto.description.trim().slice(0, 120),
        body: dto.description.trim(),
        about: dto.service_code,
      },
      'open311',
      { lat: dto.lat, long: dto.long, address: dto.address_string ?? dto.address_id },
    );
    return [{ service_request_id: created.code, service_notice: `Hạn trả lời: ${created.dueAt}`, account_id: null }];
  }

  private toRequest(r: Row) {
    const status = r.status as keyof typeof FEEDBACK_STATUS_TEXT;
    const closed = status === 'published' || status === 'out_of_scope';
    const published = status === 'published';
    const notes = [
      FEEDBACK_STATUS_TEXT[status],
      published ? `Trả lời: ${r.answer as string}` : null,
      status === 'out_of_scope' ? `Lý do: ${r.out_of_scope_reason as string}` : null,
    ]
      .filter(Boolean)
      .join('. ');
    const service = OPEN311_SERVICES.find((s) => s.service_code === r.about)!;
    return {
      service_request_id: r.code,
      status: closed ? 'closed' : 'open',
      status_notes: notes,
      service_name: service.service_name,
      service_code: service.service_code,
      description: published ? (r.subject as string) : null,
      agency_responsible: this.agencies.get((r.unit_code as string | null) ?? (r.agency_code as string))?.name ?? null,
      service_notice: null,
      requested_datetime: formatVn(new Date(r.received_at as string)),
      updated_datetime: formatVn(new Date(r.updated_at as string)),
      expected_datetime: formatVn(new Date(r.due_at as string)),
      // Where a request was made says who made it (a house, a shop): shown once its answer is published (issue 25).
      address: published ? ((r.address as string | null) ?? null) : null,
      address_id: null,
      zipcode: null,
      lat: published ? ((r.lat as number | null) ?? null) : null,
      long: published ? ((r.long as number | null) ?? null) : null,
      media_url: null,
    };
  }

  /** Requests, newest first; by default the last 90 days and at most 1,000 (as the specification suggests). */
  async list(q: Open311ListQuery) {
    const list = (v: string | undefined): string[] | undefined => v?.split(',').map((x) => x.trim());
    let open: boolean | undefined;
    if (q.status) {
      const wanted = q.status.split(',');
      if (wanted.some((s) => s !== 'open' && s !== 'closed')) throw validationFailed([{ field: 'status', message: 'status là open hoặc closed' }]);
      if (wanted.length === 1) open = wanted[0] === 'open';
    }
    const date = (field: string, v: string | undefined): Date | null => {
      if (v === undefined) return null;
      const ms = parseVnInstant(v);
      if (ms === null) throw validationFailed([{ field, message: 'phải là thời điểm ISO 8601 (W3C)' }]);
      return new Date(ms);
    };
    const start = date('start_date', q.start_date);
    const end = date('end_date', q.end_date);
    const rows: Row[] = await this.db.read((em) =>
      this.store.requests(em, {
        codes: list(q.service_request_id),
        about: list(q.service_code),
        agencies: q.jurisdiction_id ? this.agencies.subtree(q.jurisdiction_id) : undefined,
        open,
        // Asked by code: whenever received. Otherwise a window, by default the 90 days before its end.
        from: q.service_request_id ? undefined : (start ?? new Date((end?.getTime() ?? this.clock.now().getTime()) - 90 * 86_400_000)),
        to: q.service_request_id ? undefined : (end ?? undefined),
      }),
    );
    return rows.map((r) => this.toRequest(r));
  }

  async one(id: string) {
    const row = await this.store.byCode(this.db.autocommit, id);
    if (!row) throw notFound('phản ánh', id);
    return [this.toRequest(row)];
  }
}
