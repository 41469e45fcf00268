/**
 * `@questline/sdk/kafka` — for services that publish product events straight to Kafka (Node only).
 *
 * - `QuestlineKafkaProducer`: validates events against the event registry before publishing them
 *   to `questline.inbound.v1` with the `questline-tenant` header (or to a tenant's own topic).
 * - `loadRegistry(dir)`: reads an event registry (a copy of the platform's `event-schemas/`).
 */
export { QuestlineKafkaProducer } from './kafka-producer';
export type { QuestlineKafkaProducerOptions, KafkaProducerLike, KafkaProducerRecord, KafkaMessage, KafkaSendResult } from './kafka-producer';
export { loadRegistry, type SchemaRegistry } from '@questline/schema-registry';
export { ValidationFailedError, SHARED_INBOUND_TOPIC, type FieldError } from '@questline/contracts';
