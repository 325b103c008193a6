import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { Db } from '../../src/database/db.js';
import { NotificationService } from '../../src/modules/notification/notification.service.js';
import { createStaff, receptionBody, type Tokens } from '../helpers/staff.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** A minimal SMTP server (RFC 5321 happy path, no TLS) that keeps what it receives. */
function fakeSmtp(): Promise<{ server: Server; port: number; mails: { to: string[]; data: string }[] }> {
  const mails: { to: string[]; data: string }[] = [];
  const server = createServer((sock) => {
    let buf = '';
    let inData = false;
    let to: string[] = [];
    sock.write('220 fake ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mails.push({ to, data: buf.slice(0, end) });
          buf = buf.slice(end + 5);
          inData = false;
          to = [];
          sock.write('250 OK queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250-fake\r\n250 8BITMIME\r\n');
        else if (cmd === 'MAIL') sock.write('250 OK\r\n');
        else if (cmd === 'RCPT') {
          to.push(/<([^>]+)>/.exec(line)?.[1] ?? '');
          sock.write('250 OK\r\n');
        } else if (cmd === 'DATA') {
          inData = true;
          sock.write('354 go ahead\r\n');
        } else if (cmd === 'QUIT') {
          sock.end('221 bye\r\n');
        } else sock.write('250 OK\r\n');
      }
    });
    sock.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, mails })));
}

const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
let t: TestApp;
let tk: Tokens;
let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

beforeAll(async () => {
  smtp = await fakeSmtp();
  t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Một Cửa Lộc Bình <motcua@locbinh.example>' }, { clock });
  tk = await createStaff(t);
});
afterAll(async () => {
  await t?.close();
  smtp?.server.close();
});

describe('notifications by e-mail (SMTP_URL set)', () => {
  it('the applicant with an address gets the receipt mail; staff messages are recorded; a mail outage keeps the row pending', async () => {
    const d = await t.http().post('/api/v1/dossiers').set('Authorization', `Bearer ${tk.tn}`).send(receptionBody());
    expect(d.status).toBe(201);
    await t.app.get(NotificationService).deliverPending();
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(['an@example.vn']);
    expect(smtp.mails[0].data).toContain(d.body.code);
    const notes = await t.http().get(`/api/v1/notifications?dossier=${d.body.id}`).set('Authorization', `Bearer ${tk.ql}`);
    expect(notes.body.items[0]).toMatchObject({ channel: 'email', recipient: 'an@example.vn', kind: 'receive' });

    // Mail server gone: the message stays in the outbox with its error, to be retried later.
    await new Promise<void>((r) => smtp.server.close(() => r()));
    const d2 = await t.http().post('/api/v1/dossiers').set('Authorization', `Bearer ${tk.tn}`).send(receptionBody());
    await t.app.get(NotificationService).deliverPending();
    const [row] = await t.app
      .get(Db)
      .read((em) => em.query(`SELECT attempts, last_error, delivered_at FROM outbox WHERE payload->>'dossierId' = $1`, [d2.body.id]));
    expect(row.attempts).toBe(1);
    expect(row.delivered_at).toBeNull();
    expect(row.last_error).toBeTruthy();
    const none = await t.http().get(`/api/v1/notifications?dossier=${d2.body.id}`).set('Authorization', `Bearer ${tk.ql}`);
    expect(none.body.total).toBe(0);
  });
});
