/** True when a Prisma/pg error is a unique-constraint violation (SQLSTATE 23505 / Prisma P2002). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === 'P2002' || e?.code === '23505' || e?.cause?.code === '23505';
}
