export * from './submission-rules';
export * from './reading-rules';
