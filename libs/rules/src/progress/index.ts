export * from './periods';
export * from './progress-store';
export * from './streaks';
export * from './quests';
export * from './counters';
export * from './progress';
export * from './metrics';
export * from './summary';
