export const PACK_VERSION_REPOSITORY = Symbol('PACK_VERSION_REPOSITORY');

export interface PackVersionRecord {
  version: number;
  source: string;
  /** The registry bundle uploaded with the pack (registry-folder paths → file text), if any. */
  registry: Record<string, string> | null;
  /** validated | active | retired */
  status: string;
  uploadedBy: string;
  uploadedAt: string;
  activatedAt: string | null;
}

/** Stored versions of one tenant's packs (scoped to this environment's namespace). */
export interface PackVersionRepository {
  /**
   * Stores a new version. Uploads of one tenant are serialized (in every instance) and `check` sees
   * the versions stored before this one: it throws to refuse (nothing stored), so two concurrent
   * uploads cannot both pass a check against the stored versions.
   */
  create(tenantId: string, version: number, source: string, uploadedBy: string, registry: Record<string, string> | undefined, check: (stored: PackVersionRecord[]) => void): Promise<PackVersionRecord>;
  list(tenantId: string): Promise<PackVersionRecord[]>;
  find(tenantId: string, version: number): Promise<PackVersionRecord | null>;
  /** Makes `version` the only active one (the previous active one is retired), atomically. */
  activate(tenantId: string, version: number): Promise<PackVersionRecord>;
  /** The version that was active before the current one, if any. */
  previouslyActive(tenantId: string): Promise<PackVersionRecord | null>;
}
