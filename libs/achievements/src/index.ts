export * from './achievements.module';
