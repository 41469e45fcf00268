import { infraEnv } from '@questline/testing';
import { RedisRankStore } from './redis-rank-store';
import { rankStoreContract } from './rank-store.contract';

rankStoreContract('redis', async () => new RedisRankStore(infraEnv().REDIS_URL));
