export * from './runtime.module';
export * from './file-pack-catalog';
export * from './run-service';
export * from './service-catalog';
export { contract } from './openapi/contract.generated';
export { canonicalEventId } from '@questline/schema-registry';
export * from './preflight';
