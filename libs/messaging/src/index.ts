export * from './message-bus.port';
export * from './kafka/kafka-message-bus';
export * from './in-process/in-process-message-bus';
export * from './partitioner';
export * from './trace-context';
