export interface IncludeUserCommand {
  tenantId: string;
  userId: string;
}
