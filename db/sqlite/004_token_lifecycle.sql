-- Tokens can expire and be revoked; both take effect on the next request.
ALTER TABLE tokens ADD COLUMN expires TEXT;
ALTER TABLE tokens ADD COLUMN revoked TEXT;
ALTER TABLE tokens ADD COLUMN description TEXT;
