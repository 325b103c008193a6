import { BeforeApplicationShutdown, Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { Db } from '../../database/db.js';
import { JobRunner } from '../../queue/job-runner.js';
import { Public } from '../auth/auth.decorators.js';
import { ref } from '../../common/schema.js';

type Check = { status: 'up' | 'down'; detail?: string };

@ApiTags('health')
@Controller('health')
export class HealthController implements BeforeApplicationShutdown {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly config: AppConfig,
  ) {}

  private stopping = false;

  /** Shutting down: taken out of rotation before the connections close. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  /** 200 when every dependency answers, 503 naming the one that does not. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Tình trạng máy chủ và các dịch vụ (503 khi một dịch vụ không trả lời)' })
  @ApiOkResponse({ schema: ref('Health') })
  async health(@Res() res: FastifyReply): Promise<void> {
    const checks = await this.checks();
    const up = Object.values(checks).every((c) => c.status === 'up');
    res.code(up ? 200 : 503).send({ status: up ? 'ok' : 'error', checks });
  }

  /**
   * Liveness, for an orchestrator that restarts a stuck process: answered by the event loop alone, no dependency
   * asked (a database outage must not restart every API process).
   */
  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Tiến trình còn hoạt động (không hỏi các dịch vụ)' })
  @ApiOkResponse({ schema: ref('Health') })
  live(): { status: 'ok'; checks: Record<string, Check> } {
    return { status: 'ok', checks: {} };
  }

  /**
   * Readiness, for a load balancer that takes an unready process out of rotation: the database answers (and Redis,
   * for a process that runs jobs through it; an API process writes to the outbox without it), and the process is not
   * shutting down.
   */
  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Sẵn sàng nhận yêu cầu (503 khi cơ sở dữ liệu không trả lời hoặc đang dừng)' })
  @ApiOkResponse({ schema: ref('Health') })
  async ready(@Res() res: FastifyReply): Promise<void> {
    const checks = await this.checks();
    if (this.stopping) checks.process = { status: 'down', detail: 'đang dừng' };
    const needed = Object.entries(checks).filter(([name]) => name !== 'redis' || this.config.runJobs);
    const up = needed.every(([, c]) => c.status === 'up');
    res.code(up ? 200 : 503).send({ status: up ? 'ok' : 'error', checks });
  }

  private async checks(): Promise<Record<string, Check>> {
    const checks: Record<string, Check> = {};
    try {
      await withTimeout(
        this.db.read((em) => em.query('SELECT 1')),
        3000,
      );
      checks.database = { status: 'up', detail: this.config.database.kind === 'embedded' ? 'embedded (PGlite)' : 'postgresql' };
    } catch (e) {
      checks.database = { status: 'down', detail: (e as Error).message };
    }
    if (this.config.redisUrl) {
      const ok = await withTimeout(this.jobs.ping(), 3000).catch(() => false);
      checks.redis = ok ? { status: 'up' } : { status: 'down', detail: 'Redis không phản hồi' };
    }
    return checks;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`quá ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
