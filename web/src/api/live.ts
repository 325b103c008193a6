import { useQueryClient } from '@tanstack/react-query';
import { EventSource } from 'eventsource';
import { useEffect, useSyncExternalStore } from 'react';
import { readSession } from '../session';

/** One committed change, as `GET /api/v1/events` sends it. */
export interface Change {
  kind: 'dossier' | 'feedback';
  id: string;
  code: string;
  status: string;
  version: number;
  condition: string | null;
  agencyCode: string;
  stepOwnerCode: string | null;
}

export type LiveState = 'connecting' | 'live' | 'offline';

/** What the pages reload when something changed: at most once a second, however busy the province. */
const RELOAD_EVERY_MS = 1000;
/** Backoff after a refused or broken connection (the library retries network errors itself). */
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

let state: LiveState = 'connecting';
const stateListeners = new Set<() => void>();
function setState(s: LiveState): void {
  state = s;
  for (const l of stateListeners) l();
}

/** The connection's state, for a "trực tiếp" tag on the pages that update live. */
export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (l) => {
      stateListeners.add(l);
      return () => stateListeners.delete(l);
    },
    () => state,
  );
}

/**
 * One connection per tab (mounted by the staff layout). Each batch of changes reloads the board, the inbox and
 * the dossier pages that show a changed record; every (re)connect reloads them all, since events missed while
 * the connection was down are not replayed (a server restart, a network cut).
 */
export function useLiveUpdates(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let pending: Change[] = [];
    let closed = false;
    const reload = (changes: Change[] | 'all'): void => {
      if (changes === 'all') {
        void client.invalidateQueries({ predicate: (q) => LIVE_KEYS.has(String(q.queryKey[0])) });
        return;
      }
      const ids = new Set(changes.map((c) => c.id));
      void client.invalidateQueries({
        predicate: (q) => LIVE_KEYS.has(String(q.queryKey[0])) && (q.queryKey[0] !== 'dossier' || ids.has(String(q.queryKey[1]))),
      });
    };
    const connect = (): void => {
      const session = readSession();
      if (!session || closed) return;
      setState('connecting');
      es = new EventSource('/api/v1/events', {
        fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Authorization: `Bearer ${session.token}` } }),
      });
      es.onopen = () => {
        if (attempt > 0) reload('all');
        attempt = 0;
        setState('live');
      };
      es.onmessage = (m) => {
        pending.push(JSON.parse(m.data) as Change);
        flush ??= setTimeout(() => {
          flush = undefined;
          const batch = pending;
          pending = [];
          reload(batch);
        }, RELOAD_EVERY_MS);
      };
      es.onerror = () => {
        setState('offline');
        // The library reconnects by itself after a network error; a refused request (a restarting server's 502,
        // an expired token's 401) closes it, so it is opened again here, more slowly each time.
        if (es && es.readyState === EventSource.CLOSED) {
          es.close();
          retry = setTimeout(connect, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
        } else attempt++;
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      clearTimeout(flush);
      es?.close();
    };
  }, [client, enabled]);
}

/** The queries a change may make stale (by the first element of their key). */
const LIVE_KEYS = new Set(['board', 'inbox', 'dossier', 'feedback', 'notifications']);
