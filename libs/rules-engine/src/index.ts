export * from './rules-engine.module';
