export * from './envelope';
export * from './errors';
export * from './messages';
export * from './topics';
export * as EventPayloads from './generated/events';
export * from './safe-json';
export * from './ports';
export * from './notifications';
export * from './outbound';
