import { useState } from 'react';

/** The signed-in officer: the token and who they are, kept in the browser's local storage. */
export interface SessionUser {
  id?: string;
  username: string;
  fullName?: string;
  roles: string[];
  agencyCode: string | null;
}

export interface Session {
  token: string;
  user: SessionUser;
}

const KEY = 'motcua.session';
const REASON = 'motcua.logout-reason';

export function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session): void {
  localStorage.setItem(KEY, JSON.stringify(s));
  sessionStorage.removeItem(REASON);
}

/** `reason` is shown once on the login page ("expired": the token ran out). */
export function clearSession(reason?: 'expired' | 'logout'): void {
  localStorage.removeItem(KEY);
  if (reason) sessionStorage.setItem(REASON, reason);
}

export function takeLogoutReason(): string | null {
  const r = sessionStorage.getItem(REASON);
  sessionStorage.removeItem(REASON);
  return r;
}

export const hasRole = (s: Session | null, ...roles: string[]): boolean => !!s && s.user.roles.some((r) => roles.includes(r));

/**
 * The session as it was when the page opened: a page keeps rendering with it while an expired token sends the officer
 * to the login page (the session is cleared before the page is gone).
 */
export function useSession(): Session {
  const [session] = useState(() => readSession());
  return session!;
}
