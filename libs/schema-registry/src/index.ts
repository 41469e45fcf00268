export * from './schema-registry';
