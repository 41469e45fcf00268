import { InProcessTransport } from './in-process-transport';
import { messageBusContract } from '../message-bus.contract';

messageBusContract('in-process', async () => new InProcessTransport(4), { timeoutMs: 5_000 });
