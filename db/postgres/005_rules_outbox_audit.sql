-- Mapping rules, the outbox of access-change events, and the audit trail (issue 7).

-- MappingRule resources (urn:scimd:params:scim:schemas:core:2.0:MappingRule).
CREATE TABLE mapping_rules (
  tenant_id BIGINT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  external_id TEXT,
  resource_type TEXT,
  priority INTEGER,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  version BIGINT NOT NULL,
  doc JSONB NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX ux_mapping_rules_name ON mapping_rules (tenant_id, name_folded);
CREATE INDEX ix_mapping_rules_created ON mapping_rules (tenant_id, created, id);
CREATE INDEX ix_mapping_rules_last_modified ON mapping_rules (tenant_id, last_modified);

-- What each rule did to each resource, so that changing or removing a rule undoes exactly
-- that. effect: 'parent' | 'active' | 'memberOf' | 'privilege'; target: the parent or group id,
-- 'true'/'false', or the application id; previous: the value a parent/active effect replaced.
CREATE TABLE rule_effects (
  tenant_id BIGINT NOT NULL,
  resource_id TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  effect TEXT NOT NULL,
  target TEXT NOT NULL,
  access INTEGER,
  priority INTEGER NOT NULL DEFAULT 0,
  previous TEXT,
  PRIMARY KEY (tenant_id, resource_id, rule_id, effect, target)
);
CREATE INDEX ix_rule_effects_rule ON rule_effects (tenant_id, rule_id);

-- A privilege row set by a rule names it; NULL means an admin set it by hand.
ALTER TABLE group_privileges ADD COLUMN rule_id TEXT;
-- The individual privileges rules grant a user, as JSON {"app id": [access, "rule id"]}.
ALTER TABLE users ADD COLUMN rule_privileges TEXT;

-- access.changed events, appended in the transaction of the write that changed the access.
-- status: 'pending' (to deliver), 'delivered', 'recorded' (no group of the user notifies).
CREATE TABLE outbox (
  seq BIGSERIAL PRIMARY KEY,
  tenant_id BIGINT NOT NULL,
  id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt TEXT NOT NULL,
  last_error TEXT,
  created TEXT NOT NULL,
  delivered TEXT
);
CREATE INDEX ix_outbox_due ON outbox (status, next_attempt, seq);
CREATE INDEX ix_outbox_tenant ON outbox (tenant_id, seq);
CREATE INDEX ix_outbox_user ON outbox (tenant_id, user_id, seq);

-- One record per successful write, appended in the write's transaction.
CREATE TABLE audit_log (
  seq BIGSERIAL PRIMARY KEY,
  tenant_id BIGINT NOT NULL,
  at TEXT NOT NULL,
  token_id TEXT,
  client_address TEXT,
  request_id TEXT,
  method TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT,
  version_before BIGINT,
  version_after BIGINT,
  operations TEXT
);
CREATE INDEX ix_audit_log_tenant ON audit_log (tenant_id, seq);
CREATE INDEX ix_audit_log_resource ON audit_log (tenant_id, resource_id, seq);
