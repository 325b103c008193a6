import createClient from 'openapi-fetch';
import { clearSession, readSession } from '../session';
import type { paths } from './schema';

/** The API's error shape (api.md): a machine code, a Vietnamese message for the user, details (fields). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Fields named in a 400's details, as the server names them ("applicant.idNumber"). */
  get fields(): { field: string; message: string }[] {
    return (this.details.fields as { field: string; message: string }[] | undefined) ?? [];
  }
}

/** Where a page goes when the token has expired: the login page, then back here. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

const networkError = (): ApiError => new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.');

/** A refused request as an ApiError; a 401 on a signed-in session (its token expired) logs the officer out. */
function failure(response: Response, body: unknown): ApiError {
  const err = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error ?? {};
  if (response.status === 401 && readSession() && !response.url.endsWith('/auth/login')) {
    clearSession('expired');
    onUnauthorized?.();
  }
  return new ApiError(response.status, err.code ?? `HTTP_${response.status}`, err.message ?? `Lỗi ${response.status}`, err.details ?? {});
}

/** A printable form's HTML (forms need the token, so they are fetched and shown in a frame, not linked). */
export async function getHtml(path: string): Promise<string> {
  const session = readSession();
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: 'text/html', ...(session ? { Authorization: `Bearer ${session.token}` } : {}) } });
  } catch {
    throw networkError();
  }
  if (res.ok) return res.text();
  throw failure(res, await res.json().catch(() => null));
}

/** Downloads a file the API makes (a report's .xlsx or .csv), with the token, under the server's file name. */
export async function download(path: string): Promise<void> {
  const session = readSession();
  let res: Response;
  try {
    res = await fetch(path, { headers: session ? { Authorization: `Bearer ${session.token}` } : {} });
  } catch {
    throw networkError();
  }
  if (!res.ok) throw failure(res, await res.json().catch(() => null));
  const disposition = res.headers.get('Content-Disposition') ?? '';
  // A file with a Vietnamese name comes as filename*=UTF-8''…; a report's as filename="…".
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/.exec(disposition)?.[1] ?? 'bao-cao');
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The typed client: paths, parameters, bodies and answers from the server's own OpenAPI document (schema.d.ts, made by
 * `npm run api:types`), so a page that asks for a field the server does not send fails to compile.
 */
export const api = createClient<paths>();
api.use({
  onRequest({ request }) {
    const session = readSession();
    if (session) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
});

/** The answer's data, or an ApiError with the server's code and Vietnamese message (an expired token logs out). */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await call;
  } catch {
    throw networkError();
  }
  if (r.response.ok) return r.data as T;
  throw failure(r.response, r.error);
}
