import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

const byStatus: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Yêu cầu không hợp lệ.'],
  401: ['UNAUTHORIZED', 'Cần đăng nhập để sử dụng chức năng này.'],
  403: ['FORBIDDEN', 'Bạn không có quyền thực hiện thao tác này.'],
  404: ['NOT_FOUND', 'Không tìm thấy tài nguyên được yêu cầu.'],
  405: ['METHOD_NOT_ALLOWED', 'Phương thức không được hỗ trợ.'],
  408: ['REQUEST_TIMEOUT', 'Yêu cầu gửi quá chậm; kết nối đã bị đóng.'],
  413: ['PAYLOAD_TOO_LARGE', 'Dữ liệu gửi lên quá lớn.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Định dạng dữ liệu không được hỗ trợ; hãy gửi JSON.'],
  429: ['TOO_MANY_REQUESTS', 'Quá nhiều yêu cầu; vui lòng thử lại sau.'],
  431: ['HEADERS_TOO_LARGE', 'Phần đầu (header) hoặc địa chỉ của yêu cầu quá lớn.'],
};

/** The error body for a bare status (no AppError behind it): its code and message from `byStatus`, or `message`. */
export function statusErrorBody(status: number, message?: string): ErrorBody {
  const [code, text] = byStatus[status] ?? ['HTTP_' + status, message ?? ''];
  return { error: { code, message: message ?? text, details: {} } };
}

/** The one place where errors become the API error shape (api.md "Conventions"). */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiError');

  catch(exception: unknown, host: ArgumentsHost): void {
    sendError(host.switchToHttp().getRequest<FastifyRequest>(), host.switchToHttp().getResponse<FastifyReply>(), exception, this.logger);
  }
}

/** Sends any thrown value as the API's error; also for what fails in a Fastify hook, outside Nest's filters. */
export function sendError(req: FastifyRequest, res: FastifyReply, exception: unknown, logger: Logger): FastifyReply {
  if (databaseUnavailable(exception)) {
    // An outage is the database's, not a bug: 503 with when to retry, and one log line per outage, not a stack per request.
    outage.seen(exception as Error, logger);
    if (res.sent) return res;
    const body = { error: { code: 'DATABASE_UNAVAILABLE', message: 'Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại sau ít giây.', details: {} } };
    return res
      .code(503)
      .header('Retry-After', String(RETRY_AFTER_SECONDS))
      .send(req.url.startsWith('/open311/') ? toOpen311Errors(503, body) : body);
  }
  const [status, body] = toErrorBody(exception);
  if (status >= 500) {
    logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  }
  if (res.sent) return res;
  // Open311 GeoReport v2 clients expect its own error shape: [{ code, description }].
  return res.code(status).send(req.url.startsWith('/open311/') ? toOpen311Errors(status, body) : body);
}

const RETRY_AFTER_SECONDS = 5;

/** Node's and PostgreSQL's words for "the database cannot be reached now" (connection exceptions, shutdown, overload). */
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_UNAVAILABLE = /^(08\d{3}|57P0[1-3]|53300)$/;
const CONNECTION_MESSAGE =
  /Connection terminated|connection (?:timeout|error)|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** Whether an error (or what it wraps: TypeORM's driverError, a cause) says the database is out of reach. */
export function databaseUnavailable(e: unknown, depth = 0): boolean {
  if (!(e instanceof Error) || depth > 3) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (NET_CODES.has(code) || PG_UNAVAILABLE.test(code))) return true;
  if (CONNECTION_MESSAGE.test(e.message)) return true;
  const inner = (e as { driverError?: unknown }).driverError ?? e.cause;
  return databaseUnavailable(inner, depth + 1);
}

/** Logs the first failure of an outage; an outage ends when no request has met one for `quietMs`. */
class OutageLog {
  private last = 0;
  private count = 0;

  constructor(private readonly quietMs: number) {}

  seen(e: Error, logger: Logger): void {
    const now = Date.now();
    if (now - this.last > this.quietMs) {
      if (this.count > 1) logger.log(`previous database outage: ${this.count} requests answered 503`);
      this.count = 0;
      logger.error(`database unavailable, answering 503 until it returns: ${e.message}`);
    }
    this.last = now;
    this.count++;
  }
}

const outage = new OutageLog(30_000);

/** Maps any thrown value to [status, body]. */
function toErrorBody(exception: unknown): [number, ErrorBody] {
  if (exception instanceof AppError) {
    return [exception.status, { error: { code: exception.code, message: exception.message, details: exception.details } }];
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Fastify's own errors (body parsing, limits) arrive as the `cause` of an HttpException with their status.
    const cause = exception.cause as FastifyError | undefined;
    if (cause?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || cause?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return [400, { error: { code: 'INVALID_JSON', message: 'Nội dung gửi lên không phải JSON hợp lệ.', details: {} } }];
    }
    return [status, statusErrorBody(status, byStatus[status] ? undefined : exception.message)];
  }
  return [500, { error: { code: 'INTERNAL_ERROR', message: 'Lỗi hệ thống; vui lòng thử lại hoặc báo quản trị viên.', details: {} } }];
}

/** GeoReport v2 errors: a list of { code, description }; field problems are spelled out in the description. */
export function toOpen311Errors(status: number, body: ErrorBody): { code: number; description: string }[] {
  const fields = (body.error.details.fields as { field: string; message: string }[] | undefined) ?? [];
  if (fields.length === 0) return [{ code: status, description: body.error.message }];
  return fields.map((f) => ({ code: status, description: `${f.field}: ${f.message}` }));
}
