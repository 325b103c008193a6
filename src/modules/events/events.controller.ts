import { BeforeApplicationShutdown, Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { type Change, ChangeFeed } from './change-feed.js';

/** A quiet connection still says something this often, so proxies and load balancers keep it open. */
const HEARTBEAT_MS = 20_000;
/** A client this far behind (a stalled tab, a dead network) is dropped; it reconnects and reloads. */
const MAX_BUFFERED = 1024 * 1024;

/**
 * Server-sent events: every committed change of a dossier or a feedback item the user may see, as it happens,
 * so the board, the inbox and the dossier page update without polling. Each event is one JSON change
 * (`{ kind, id, code, status, version, condition, agencyCode, stepOwnerCode }`); after a reconnect the page reloads
 * what it shows, since events are not replayed.
 */
@ApiTags('events')
@ApiBearerAuth()
@Controller('api/v1/events')
export class EventsController implements BeforeApplicationShutdown {
  private readonly open = new Set<FastifyReply>();

  constructor(private readonly feed: ChangeFeed) {}

  @Get()
  @Roles('admin', 'reception', 'specialist', 'leader', 'manager', 'province_viewer')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Luồng sự kiện: mỗi thay đổi đã lưu của hồ sơ, phản ánh kiến nghị mà người dùng được xem' })
  @ApiOkResponse({ description: 'text/event-stream; mỗi sự kiện là một thay đổi dạng JSON', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  stream(@CurrentUser() actor: AuthUser, @Res() reply: FastifyReply): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx would otherwise hold the events in its buffer.
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n: ok\n\n');
    const send = (changes: readonly Change[]): void => {
      let out = '';
      for (const c of changes) if (actor.scope.canSee(c.agencyCode) || actor.scope.canSee(c.receivingAgencyCode)) out += `data: ${JSON.stringify(c)}\n\n`;
      if (!out) return;
      if (res.writableLength > MAX_BUFFERED) res.destroy();
      else res.write(out);
    };
    const unsubscribe = this.feed.subscribe(send);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    this.open.add(reply);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(reply);
    });
  }

  /** Open streams would hold the server's close forever; ended now, their clients reconnect to another process. */
  beforeApplicationShutdown(): void {
    for (const reply of this.open) reply.raw.end();
  }
}
