import type { Pack } from './pack/pack.types';
import type { RegistryView } from './pack/pack-checks';

export const PACK_CATALOG = Symbol('PACK_CATALOG');

/** Where services find each tenant's active pack. */
export interface PackCatalog {
  get(tenantId: string): Pack | undefined;
  tenants(): string[];
  /** Re-reads the active versions now (after an activation); otherwise they are polled. */
  refresh?(): Promise<void>;
  /** The registry bundle (registry-folder paths → file text) of the tenant's active version, if any. */
  registryBundle?(tenantId: string): Readonly<Record<string, string>> | undefined;
  /**
   * The event registry as it would be if the tenant's active bundle were `files` (other tenants'
   * bundles and the shipped registry unchanged). Throws a ValidationFailedError listing every
   * problem when it would not load: a bad file, a namespace or dialect another source defines.
   */
  registryWith?(tenantId: string, files: Readonly<Record<string, string>> | undefined): RegistryView;
  /**
   * The checks of a bundle too slow to run inline — every schema pattern analysed for
   * catastrophic backtracking, off the event loop. Throws a ValidationFailedError listing every
   * problem. Run after `registryWith` accepted the same files.
   */
  checkBundle?(files: Readonly<Record<string, string>>): Promise<void>;
}
