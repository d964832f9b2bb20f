-- scimd schema, PostgreSQL dialect. Every table leads with tenant_id so that a tenant is one
-- contiguous key range and the schema can be distributed by tenant_id (DESIGN.md §2).
-- Timestamps are UTC ISO 8601 text with milliseconds (fixed width: text order = time order).

CREATE TABLE tenants (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL UNIQUE,
  created TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}'
);

-- Bearer tokens: only the SHA-256 of the token is stored.
CREATE TABLE tokens (
  tenant_id BIGINT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  created TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX ux_tokens_hash ON tokens (token_hash);

CREATE TABLE users (
  tenant_id BIGINT NOT NULL,
  id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  user_name_folded TEXT NOT NULL,
  external_id TEXT,
  display_name TEXT,
  active INTEGER,
  email_work_folded TEXT,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  version BIGINT NOT NULL,
  password_hash TEXT,
  doc JSONB NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX ux_users_user_name ON users (tenant_id, user_name_folded);
CREATE INDEX ix_users_external_id ON users (tenant_id, external_id);
CREATE INDEX ix_users_email_work ON users (tenant_id, email_work_folded);
CREATE INDEX ix_users_created ON users (tenant_id, created, id);
CREATE INDEX ix_users_last_modified ON users (tenant_id, last_modified);

CREATE TABLE groups (
  tenant_id BIGINT NOT NULL,
  id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  display_name_folded TEXT NOT NULL,
  external_id TEXT,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  version BIGINT NOT NULL,
  doc JSONB NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX ux_groups_display_name ON groups (tenant_id, display_name_folded);
CREATE INDEX ix_groups_external_id ON groups (tenant_id, external_id);
CREATE INDEX ix_groups_created ON groups (tenant_id, created, id);
CREATE INDEX ix_groups_last_modified ON groups (tenant_id, last_modified);

-- Group membership lives here, never in the group's document: adding one member to a group
-- of a million is one insert.
CREATE TABLE memberships (
  tenant_id BIGINT NOT NULL,
  group_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  member_type TEXT NOT NULL,
  PRIMARY KEY (tenant_id, group_id, member_id)
);
CREATE INDEX ix_memberships_member ON memberships (tenant_id, member_id);
