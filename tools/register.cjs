// Runs TypeScript sources directly with SWC (decorator metadata included, which NestJS DI needs).
// Workspace packages (@questline/*) resolve through the tsconfig "paths".
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', 'tsconfig.base.json');
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
require('@swc-node/register');
