/** The key under which Nest hands a route's Fastify config (@nestjs/platform-fastify's RouteConfig). */
const ROUTE_CONFIG = '__fastify_route_config__';

/**
 * Adds to a route's Fastify config rather than replacing it as RouteConfig does, so that several such marks (a limit,
 * no idempotency) can sit on one route.
 */
export const withRouteConfig =
  (config: Record<string, unknown>): MethodDecorator =>
  (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    Reflect.defineMetadata(ROUTE_CONFIG, { ...(Reflect.getMetadata(ROUTE_CONFIG, handler) ?? {}), ...config }, handler);
    return descriptor;
  };
