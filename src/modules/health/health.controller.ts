import { Controller, Get, Res } from '@nestjs/common';
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
export class HealthController {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly config: AppConfig,
  ) {}

  /** 200 when every dependency answers, 503 naming the one that does not. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Tình trạng máy chủ và các dịch vụ (503 khi một dịch vụ không trả lời)' })
  @ApiOkResponse({ schema: ref('Health') })
  async health(@Res() res: FastifyReply): Promise<void> {
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
    const up = Object.values(checks).every((c) => c.status === 'up');
    res.code(up ? 200 : 503).send({ status: up ? 'ok' : 'error', checks });
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
