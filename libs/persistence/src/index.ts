export * from './data-source';
export * from './entities/reference.entities';
export * from './entities/pipeline.entities';
export * from './entities/read-model.entities';
export * from './entities/reminder.entities';
export * from './seeding/seed-loader';
export * from './persistence.module';
export * from './entities/projection.entities';
