export * from './points.module';
