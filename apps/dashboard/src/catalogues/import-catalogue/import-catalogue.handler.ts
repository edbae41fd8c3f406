import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { importCatalogue, type CatalogueVersionSummary } from '@pledge/persistence';
import { ApiError } from '@pledge/platform';
import { DataSource } from 'typeorm';
import { asApiError } from '../catalogue-refusal';

/** An uploaded file as multer hands it over. */
export interface UploadedCatalogueFile {
  buffer: Buffer;
  originalname?: string;
  size?: number;
}

/**
 * Stores an administrator's upload (.xlsx from the template, or JSON in the seed format) as the draft of its version:
 * libs/persistence importCatalogue, the same logic as `cli catalogue-import`.
 */
@Injectable()
export class ImportCatalogueHandler {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Principal, file: UploadedCatalogueFile | undefined, body: unknown): Promise<CatalogueVersionSummary> {
    const json = body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length > 0 && 'version' in body ? body : undefined;
    if (!file && !json)
      throw ApiError.validation([
        {
          field: 'file',
          problem: 'required',
          message: 'Hãy gửi tệp .xlsx hoặc .json ở trường "file", hoặc bộ tiêu chí dạng JSON',
          messageEn: 'send an .xlsx or .json file in field "file", or the catalogue as a JSON body',
        },
      ]);
    try {
      return await importCatalogue(this.ds, file ? { file: file.buffer } : { json }, actor.username);
    } catch (err) {
      throw asApiError(err);
    }
  }
}
