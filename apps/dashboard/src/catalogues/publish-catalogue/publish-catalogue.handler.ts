import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { publishCatalogue, type CatalogueVersionSummary } from '@pledge/persistence';
import { DataSource } from 'typeorm';
import { asApiError } from '../catalogue-refusal';

/** Publishes a draft: refused with what is missing (libs/domain publishGaps); from then on it governs figures. */
@Injectable()
export class PublishCatalogueHandler {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Principal, version: string): Promise<CatalogueVersionSummary> {
    try {
      return await publishCatalogue(this.ds, version, actor.username);
    } catch (err) {
      throw asApiError(err);
    }
  }
}
