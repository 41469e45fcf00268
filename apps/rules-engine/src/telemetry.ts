// Imported first by main.ts: tracing is set up before any other module loads.
import { startTelemetry } from '@questline/platform/telemetry';

startTelemetry('questline-rules-engine');
