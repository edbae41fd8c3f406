// Data source for the TypeORM CLI (migration:generate / migration:show). Not used by the apps.
import { createDataSource } from './data-source';

export default createDataSource({ url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pledge' });
