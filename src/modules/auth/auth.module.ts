import { createSecretKey } from 'node:crypto';
import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { Authenticator } from './authenticator.js';
import { UsersModule } from '../users/users.module.js';

@Injectable()
class AuthJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobRunner,
    private readonly auth: AuthService,
  ) {}
  onModuleInit(): void {
    this.jobs.register({ queue: QueueName.Maintenance, name: 'purge-login-attempts', everyMs: 3600_000, handle: () => this.auth.purgeOldAttempts() });
  }
}

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject made once: with a plain string, jsonwebtoken builds a key object on every verify.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { expiresIn: config.jwtTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AuthJobs, Authenticator, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, Authenticator],
})
export class AuthModule {}
