import { Injectable } from '@nestjs/common';
import { listCatalogueVersions, type CatalogueVersionSummary } from '@pledge/persistence';
import { DataSource } from 'typeorm';

/** Every catalogue version with its status (draft | published), oldest period first. */
@Injectable()
export class ListCataloguesHandler {
  constructor(private readonly ds: DataSource) {}

  execute(): Promise<CatalogueVersionSummary[]> {
    return listCatalogueVersions(this.ds);
  }
}
