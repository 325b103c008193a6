import { Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { BullMqJobRunner } from './bullmq-job-runner.js';
import { InProcessJobRunner } from './in-process-job-runner.js';
import { JobRunner } from './job-runner.js';

@Injectable()
class JobsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(JobRunner) private readonly jobs: JobRunner,
    private readonly config: AppConfig,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.start(this.config.runJobs);
  }
  async onApplicationShutdown(): Promise<void> {
    await this.jobs.stop();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: JobRunner,
      inject: [AppConfig],
      useFactory: (config: AppConfig): JobRunner =>
        config.redisUrl ? new BullMqJobRunner(config.redisUrl, config.queuePrefix, config.scheduleCheckMs) : new InProcessJobRunner(),
    },
    JobsLifecycle,
  ],
  exports: [JobRunner],
})
export class QueueModule {}
