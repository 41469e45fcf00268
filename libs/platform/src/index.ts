export * from './config/config';
export * from './logging/logger';
export * from './telemetry/telemetry';
export * from './http/problem-details.filter';
export * from './http/validation';
export * from './http/tenant';
export * from './http/bootstrap';
export * from './metrics/metrics';
