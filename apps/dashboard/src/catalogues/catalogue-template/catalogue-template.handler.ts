import { Injectable } from '@nestjs/common';
import { buildCatalogueTemplate } from '@pledge/persistence';

/** The catalogue workbook template (the same file as seeds/templates/catalogue-template.xlsx and `cli catalogue-template`). */
@Injectable()
export class CatalogueTemplateHandler {
  execute(): Promise<Buffer> {
    return buildCatalogueTemplate();
  }
}
