export * from './pack/pack.types';
export * from './pack/pack.schema';
export * from './pack/parse-pack';
export * from './engine/decide';
export * from './engine/levels';
export * from './pack-catalog.port';
export * from './engine/rule-history';
export * from './pack/pack-checks';
