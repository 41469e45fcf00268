export * from './infra';
export * from './factories';
export * from './http';
export * from './processes';
export * from './recording-bus';
export * from './contract';
export * from './sse-client';
