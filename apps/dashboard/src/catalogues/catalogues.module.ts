import { Module } from '@nestjs/common';
import { CatalogueTemplateHandler } from './catalogue-template/catalogue-template.handler';
import { CataloguesHttpController } from './catalogues.http.controller';
import { ImportCatalogueHandler } from './import-catalogue/import-catalogue.handler';
import { ListCataloguesHandler } from './list-catalogues/list-catalogues.handler';
import { PublishCatalogueHandler } from './publish-catalogue/publish-catalogue.handler';

/** Criteria catalogue versions: upload (draft), list, publish, template. Administrators only. */
@Module({
  controllers: [CataloguesHttpController],
  providers: [ListCataloguesHandler, ImportCatalogueHandler, PublishCatalogueHandler, CatalogueTemplateHandler],
})
export class CataloguesModule {}
