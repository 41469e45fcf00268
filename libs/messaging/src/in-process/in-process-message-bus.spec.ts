import { InProcessMessageBus } from './in-process-message-bus';
import { messageBusContract } from '../message-bus.contract';

messageBusContract('in-process', async () => new InProcessMessageBus(4), { timeoutMs: 5_000 });
