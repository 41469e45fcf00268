export interface AcceptBatchCommand {
  tenantId: string;
  /** The request body as parsed: `{ "events": [...] }`, or a CloudEvents batch array. */
  body: unknown;
  /** The request's media type: application/cloudevents-batch+json selects the CloudEvents batch. */
  contentType: string;
}
