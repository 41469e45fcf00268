export * from './runtime.module';
export * from './file-pack-catalog';
export * from './run-service';
export * from './service-catalog';
