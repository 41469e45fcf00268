export * from './transport.port';
export * from './message-bus.port';
export * from './kafka/kafka-transport';
export * from './in-process/in-process-transport';
export * from './reliable/reliable-message-bus';
export * from './reliable/classify-error';
export * from './partitioner';
export * from './trace-context';
