export * from './console.module';
export { CONSOLE_DIST } from './console.controller';
