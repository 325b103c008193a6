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

async function send(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
  const session = readSession();
  const headers: Record<string, string> = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session) headers.Authorization = `Bearer ${session.token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.');
  }
  if (res.ok) return res;
  let err: { code?: string; message?: string; details?: Record<string, unknown> } = {};
  try {
    err = ((await res.json()) as { error?: typeof err }).error ?? {};
  } catch {
    // not JSON: keep the status alone
  }
  if (res.status === 401 && session && !path.endsWith('/auth/login')) {
    clearSession('expired');
    onUnauthorized?.();
  }
  throw new ApiError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? `Lỗi ${res.status}`, err.details ?? {});
}

/** A printable form's HTML (forms need the token, so they are fetched and shown in a frame, not linked). */
export async function getHtml(path: string): Promise<string> {
  return (await send('GET', path, undefined, 'text/html')).text();
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
    throw new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.');
  }
  if (r.response.ok) return r.data as T;
  const err = (r.error as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error ?? {};
  if (r.response.status === 401 && readSession() && !r.response.url.endsWith('/auth/login')) {
    clearSession('expired');
    onUnauthorized?.();
  }
  throw new ApiError(r.response.status, err.code ?? `HTTP_${r.response.status}`, err.message ?? `Lỗi ${r.response.status}`, err.details ?? {});
}
