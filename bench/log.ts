import { ConsoleLogger } from '@nestjs/common';

/**
 * Where the benchmarks print their figures. Its own ConsoleLogger instance: the Nest contexts the benchmarks start
 * with `logger: ['error']` silence the shared Logger, not this one.
 */
export const log = new ConsoleLogger('Bench', { timestamp: false });
