-- The access model: applications, the group tree and privileges in indexed form. The
-- documents stay the source of what clients see; these columns and rows mirror them so that
-- effective access is a few indexed lookups whatever the tenant's size.

CREATE TABLE applications (
  tenant_id BIGINT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  external_id TEXT,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  version BIGINT NOT NULL,
  doc JSONB NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX ux_applications_name ON applications (tenant_id, name_folded);
CREATE INDEX ix_applications_created ON applications (tenant_id, created, id);
CREATE INDEX ix_applications_last_modified ON applications (tenant_id, last_modified);

ALTER TABLE groups ADD COLUMN parent_id TEXT;
ALTER TABLE groups ADD COLUMN is_active INTEGER;
ALTER TABLE groups ADD COLUMN apply_privileges INTEGER;
CREATE INDEX ix_groups_parent ON groups (tenant_id, parent_id);

-- access: 0 none, 1 view, 2 edit, 3 admin.
CREATE TABLE group_privileges (
  tenant_id BIGINT NOT NULL,
  group_id TEXT NOT NULL,
  application_id TEXT NOT NULL,
  access INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, group_id, application_id)
);
CREATE INDEX ix_group_privileges_application ON group_privileges (tenant_id, application_id);

-- Set when a deletion removed the user's last group ("No group assigned").
ALTER TABLE users ADD COLUMN group_lost INTEGER NOT NULL DEFAULT 0;
