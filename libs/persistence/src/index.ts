export * from './prisma-client';
export * from './migrate';
export * from './embedded-postgres';
export * from './unique-violation';
export * from './audit';
export * from './outbound-webhooks';
export * from './event-envelopes';
export * from './tombstones';
