export * from './topics';
export * from './events/criterion-update';
export * from './validation';
export * from './pipeline-stages';
