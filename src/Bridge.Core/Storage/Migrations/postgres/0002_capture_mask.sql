-- Capture mode: whether e-mails and names are masked in captured fixtures.
ALTER TABLE provider_connections ADD COLUMN capture_mask boolean NOT NULL DEFAULT false;
