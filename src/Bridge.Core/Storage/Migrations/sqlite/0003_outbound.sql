-- Outbound webhooks: endpoint failure tracking, delivery claims and the attempt log.
ALTER TABLE outbound_endpoints ADD COLUMN description TEXT NULL;
ALTER TABLE outbound_endpoints ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbound_endpoints ADD COLUMN failing_since TEXT NULL;
CREATE INDEX outbound_endpoints_team ON outbound_endpoints(team_id);

ALTER TABLE outbound_deliveries ADD COLUMN claimed_until TEXT NULL;
CREATE INDEX outbound_deliveries_team_created ON outbound_deliveries(team_id, created_at, id);
CREATE INDEX outbound_deliveries_endpoint ON outbound_deliveries(endpoint_id);

CREATE TABLE outbound_attempts (
    delivery_id       TEXT NOT NULL REFERENCES outbound_deliveries(id),
    attempt           INTEGER NOT NULL,
    attempted_at      TEXT NOT NULL,
    status_code       INTEGER NULL,
    latency_ms        INTEGER NOT NULL,
    response_snippet  TEXT NULL,
    error             TEXT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
