-- CreateTable
CREATE TABLE "pack_version" (
    "namespace" TEXT NOT NULL DEFAULT '',
    "tenant_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),

    CONSTRAINT "pack_version_pkey" PRIMARY KEY ("namespace","tenant_id","version")
);

-- CreateIndex
CREATE INDEX "pack_version_namespace_status_idx" ON "pack_version"("namespace", "status");


-- At most one active version per tenant (not expressible in schema.prisma).
CREATE UNIQUE INDEX "pack_version_one_active" ON "pack_version"("namespace", "tenant_id") WHERE "status" = 'active';
