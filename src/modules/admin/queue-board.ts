import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticator.js';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** The cookie that carries an administrator's token to the board (set by POST /api/v1/admin/queues/session). */
export const QUEUE_BOARD_COOKIE = 'mc_queues';

const page = (title: string, text: string): string =>
  `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>${title}</h1><p>${text}</p>` +
  `<p><a href="/quan-tri/hang-doi">Về trang quản trị</a></p></body></html>`;

/**
 * BullMQ's queues for administrators (issue 25), with bull-board at /admin/queues when Redis carries the jobs. A page
 * opened in the browser sends no bearer token: the admin page hands the session's token to a cookie scoped to this
 * path (HttpOnly, SameSite=Strict), and every request here is checked against it as the API checks a token.
 */
export async function registerQueueBoard(fastify: FastifyInstance, queues: Queue[], authenticator: Authenticator): Promise<void> {
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const token = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[QUEUE_BOARD_COOKIE];
      const user = token ? await authenticator.authenticate(`Bearer ${token}`).catch(() => null) : null;
      if (!user) {
        return reply
          .code(401)
          .type('text/html; charset=utf-8')
          .send(page('Cần đăng nhập', 'Hãy mở bảng hàng đợi từ trang Quản trị → Hàng đợi tác vụ sau khi đăng nhập.'));
      }
      if (!user.roles.includes('admin')) {
        return reply.code(403).type('text/html; charset=utf-8').send(page('Không có quyền', 'Chỉ quản trị hệ thống xem được hàng đợi tác vụ.'));
      }
    });
    const adapter = new FastifyAdapter();
    createBullBoard({
      queues: queues.map((q) => new BullMQAdapter(q)),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: 'Một Cửa — hàng đợi' } },
    });
    adapter.setBasePath(QUEUE_BOARD_PATH);
    await scope.register(adapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
