import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { Public } from '../auth/auth.decorators.js';
import { Metrics, scrapeAllowed } from './metrics.service.js';

/**
 * Prometheus's scrape. With METRICS_TOKEN set, the scraper sends it as a bearer token; without it, only a scraper on
 * this machine (loopback) is answered: figures about the service are not for the public.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    if (!scrapeAllowed(this.config.metricsToken, req.headers.authorization, req.socket.remoteAddress)) {
      res.code(403).send({ error: { code: 'FORBIDDEN', message: 'Số liệu vận hành chỉ dành cho máy thu thập đã cấu hình (METRICS_TOKEN).', details: {} } });
      return;
    }
    res.header('Content-Type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
