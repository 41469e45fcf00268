import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** Serves the operator console under /console (ingest service and standalone). */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
