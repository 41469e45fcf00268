export * from './transport.port';
export * from './message-bus.port';
export * from './reliable/classify-error';
export * from './partitioner';
export * from './trace-context';
export * from './bus-consumer';
export * from './partition-watch';
export * from './live/live-channel.port';
