export interface ExcludeUserCommand {
  tenantId: string;
  userId: string;
  reason: 'hidden' | 'moderation';
  note: string | null;
  /** Who decided (`key:<id>`). */
  actor: string;
}
