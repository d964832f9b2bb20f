-- The display label a client sent with a member (RFC 7643 §2.4: display is immutable, set when
-- the member is added). NULL: show the member's own displayName or userName.
ALTER TABLE memberships ADD COLUMN display TEXT;
