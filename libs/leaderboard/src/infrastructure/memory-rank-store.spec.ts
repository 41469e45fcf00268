import { MemoryRankStore } from './memory-rank-store';
import { rankStoreContract } from './rank-store.contract';

rankStoreContract('memory', async () => new MemoryRankStore());
