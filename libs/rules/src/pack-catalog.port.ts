import type { Pack } from './pack/pack.types';

export const PACK_CATALOG = Symbol('PACK_CATALOG');

/** Where services find each tenant's active pack. */
export interface PackCatalog {
  get(tenantId: string): Pack | undefined;
  tenants(): string[];
  /** Re-reads the active versions now (after an activation); otherwise they are polled. */
  refresh?(): Promise<void>;
}
