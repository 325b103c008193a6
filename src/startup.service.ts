import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig, ConfigError } from './config/app-config.js';
import { Db } from './database/db.js';
import { AgencyService } from './modules/agency/agency.service.js';
import { CatalogService } from './modules/catalog/catalog.service.js';
import { UsersService } from './modules/users/users.service.js';

/** Brings the database in line with WORKFLOWS_DIR and makes sure someone can log in. */
@Injectable()
export class StartupService implements OnModuleInit {
  private readonly logger = new Logger('Startup');

  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
    private readonly agencies: AgencyService,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.db.tx(async (em) => {
      // Processes starting together take turns, so their upserts cannot deadlock or double-create the admin.
      await em.query('SELECT pg_advisory_xact_lock(727002)');
      await this.agencies.sync(em);
      await this.catalog.publish(em);
      const admins: unknown[] = await em.query(`SELECT 1 FROM app_user WHERE 'admin' = ANY(roles) AND active LIMIT 1`);
      if (admins.length > 0) return;
      if (!this.config.adminPassword) {
        throw new ConfigError('ADMIN_PASSWORD', 'bắt buộc khi cơ sở dữ liệu chưa có tài khoản quản trị (hoặc chạy "npm run demo" để nạp dữ liệu mẫu).');
      }
      await this.users.upsertSystemUser(
        em,
        { username: 'admin', fullName: 'Quản trị hệ thống', password: this.config.adminPassword, roles: ['admin'], agencyCode: null },
        false,
      );
      this.logger.log('Đã tạo tài khoản admin từ ADMIN_PASSWORD.');
    });
  }
}
