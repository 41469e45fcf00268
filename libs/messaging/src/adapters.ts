// Transports and the bus that runs over them: wired by libs/runtime only (benchmarks and adapter tests too).
export { KafkaTransport, type KafkaTransportOptions } from './kafka/kafka-transport';
export { PACK_HEADER, packMessages, unpackMessages } from './kafka/pack';
export { InProcessTransport } from './in-process/in-process-transport';
export { ReliableMessageBus, DEFAULT_RETRY_DELAYS_MS, retryTopic, RetryHeaders, type ReliableBusOptions } from './reliable/reliable-message-bus';
export { schemaValidator } from './reliable/message-validator';
export { MemoryLiveChannel } from './live/memory-live-channel';
export { RedisLiveChannel } from './live/redis-live-channel';
