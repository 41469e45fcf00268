export interface ListExclusionsCommand {
  tenantId: string;
}
