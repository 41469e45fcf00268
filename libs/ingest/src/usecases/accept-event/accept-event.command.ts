/** A product event as received, in any dialect its tenant accepts, before normalisation. */
export interface AcceptEventCommand {
  tenantId: string;
  /** The parsed JSON body (HTTP) or message value (Kafka), as sent. */
  event: unknown;
  /** Media type it came with: application/cloudevents+json selects the CloudEvents dialect. */
  contentType?: string;
  /** `http` or `kafka:<topic>`: recorded as the source when the envelope names none. */
  transport: string;
}
