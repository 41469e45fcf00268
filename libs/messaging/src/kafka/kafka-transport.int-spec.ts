import { infraEnv, uniqueId } from '@questline/testing';
import { KafkaTransport } from './kafka-transport';
import { messageBusContract } from '../message-bus.contract';

jest.setTimeout(90_000);

// Each test gets its own namespace: fresh topics and groups on the real broker.
messageBusContract('kafka', async () =>
  new KafkaTransport({ brokers: infraEnv().KAFKA_BROKERS.split(','), clientId: 'contract-test', namespace: `${uniqueId('it')}.`, partitions: 3 }),
);
