/**
 * Typed application error: every failure a user can cause maps to one of these, and the
 * global filter turns it into the API error shape `{ error: { code, message, details } }`.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export const validationFailed = (fields: FieldError[]): AppError => new AppError(400, 'VALIDATION_FAILED', 'Dữ liệu gửi lên không hợp lệ.', { fields });

export const notFound = (what: string, key: string): AppError => new AppError(404, 'NOT_FOUND', `Không tìm thấy ${what} "${key}".`, { resource: what, key });

export const forbidden = (message = 'Bạn không có quyền thực hiện thao tác này.'): AppError => new AppError(403, 'FORBIDDEN', message);

export const unauthorized = (code = 'UNAUTHORIZED', message = 'Cần đăng nhập để sử dụng chức năng này.'): AppError => new AppError(401, code, message);

export const conflict = (code: string, message: string, details: Record<string, unknown> = {}): AppError => new AppError(409, code, message, details);
