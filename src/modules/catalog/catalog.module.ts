import { Module } from '@nestjs/common';
import { CatalogController, PublicCatalogController } from './catalog.controller.js';
import { CatalogService } from './catalog.service.js';

@Module({ controllers: [CatalogController, PublicCatalogController], providers: [CatalogService], exports: [CatalogService] })
export class CatalogModule {}
