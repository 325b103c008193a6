import { clearSession, readSession } from '../session';

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

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  return (await res.json()) as T;
}

export const get = <T,>(path: string): Promise<T> => api<T>('GET', path);
export const post = <T,>(path: string, body: unknown): Promise<T> => api<T>('POST', path, body);

/** A printable form's HTML (forms need the token, so they are fetched and shown in a frame, not linked). */
export async function getHtml(path: string): Promise<string> {
  return (await send('GET', path, undefined, 'text/html')).text();
}

/** `?a=1&b=x` from the defined values of an object. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
