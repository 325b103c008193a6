import { Module } from '@nestjs/common';
import { AuditSeals } from './audit-seals.js';

/** The audit chain's seals over the events hashed before it was keyed (the chain itself: common/event-chain.ts). */
@Module({ providers: [AuditSeals] })
export class AuditModule {}
