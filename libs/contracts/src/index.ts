export * from './topics';
export * from './events/criterion-update';
export * from './validation';
export * from './pipeline-stages';
export * from './events/criterion-recorded.schema';
export * from './notifications';
export * from './submissions';
