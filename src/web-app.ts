import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { statusErrorBody, toOpen311Errors } from './common/api-exception.filter.js';

/**
 * The web application (web/, built by Vite into dist/web) is served by the API's own server at `/`. Both the
 * sources (src/, under vitest) and the build (dist/) sit one level below the project, so the build is found the same
 * way from either.
 */
export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');

/** Paths that belong to the API: an unknown one is a JSON 404, never the application's page. */
const API_PREFIXES = ['/api/', '/open311/', '/docs', '/health'];

/**
 * Files under their own routes (Vite's hashed assets cached for a year, index.html never), and every other GET
 * answered with index.html so that the application's routes (`/tra-cuu/<code>`, `/ho-so/<id>`) open directly.
 */
export async function registerWebApp(fastify: FastifyInstance, dir = WEB_DIR): Promise<boolean> {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('Web').warn(`Chưa có bản dựng giao diện web (${index}); chạy "npm run build" để dựng.`);
    return false;
  }
  await fastify.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    index: false,
    setHeaders: (res, path) => {
      res.header('Cache-Control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // A missing asset (an old page asking for a file a new build replaced) is a 404, not the application's page.
  const page = (url: string): boolean => !API_PREFIXES.some((p) => url === p.replace(/\/$/, '') || url.startsWith(p)) && !url.startsWith('/assets/');
  fastify.get('/', (_req, reply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html'));
  fastify.get('/*', (req, reply) => {
    // GeoReport clients get their own error shape here too (a path no route matches, or a parameter over 100 characters).
    if (!page(req.url)) return reply.code(404).send(req.url.startsWith('/open311/') ? toOpen311Errors(404, statusErrorBody(404)) : statusErrorBody(404));
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
  return true;
}
