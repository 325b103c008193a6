import type { EntityManager } from 'typeorm';

/** A message to an applicant or to staff, written to the outbox inside the transaction that caused it. */
export interface NotificationMessage {
  kind: string;
  dossierId: string | null;
  agencyCode: string | null;
  audience: 'applicant' | 'staff';
  /** E-mail address when known; staff messages name the unit in `agencyCode` instead. */
  recipient: string | null;
  subject: string;
  body: string;
}

export const NOTIFY_TOPIC = 'notify';

/** Inside a write's CTE: the messages of a JSON array parameter, inserted only if CTE `onlyIf` returned a row. */
export const OUTBOX_INSERT_SQL = (param: string, onlyIf: string): string =>
  `INSERT INTO outbox (topic, payload) SELECT '${NOTIFY_TOPIC}', m FROM ${onlyIf}, jsonb_array_elements(${param}::jsonb) m`;

export async function writeOutbox(em: EntityManager, messages: NotificationMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const values: string[] = [];
  const params: unknown[] = [];
  messages.forEach((m, i) => {
    values.push(`($${i * 2 + 1}, $${i * 2 + 2})`);
    params.push(NOTIFY_TOPIC, JSON.stringify(m));
  });
  await em.query(`INSERT INTO outbox (topic, payload) VALUES ${values.join(', ')}`, params);
}
