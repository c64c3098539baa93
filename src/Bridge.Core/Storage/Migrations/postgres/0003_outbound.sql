-- Outbound webhooks: endpoint failure tracking, delivery claims and the attempt log.
ALTER TABLE outbound_endpoints ADD COLUMN description text NULL;
ALTER TABLE outbound_endpoints ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0;
ALTER TABLE outbound_endpoints ADD COLUMN failing_since timestamptz NULL;
CREATE INDEX outbound_endpoints_team ON outbound_endpoints(team_id);

ALTER TABLE outbound_deliveries ADD COLUMN claimed_until timestamptz NULL;
CREATE INDEX outbound_deliveries_team_created ON outbound_deliveries(team_id, created_at, id);
CREATE INDEX outbound_deliveries_endpoint ON outbound_deliveries(endpoint_id);

CREATE TABLE outbound_attempts (
    delivery_id       text NOT NULL REFERENCES outbound_deliveries(id),
    attempt           integer NOT NULL,
    attempted_at      timestamptz NOT NULL,
    status_code       integer NULL,
    latency_ms        integer NOT NULL,
    response_snippet  text NULL,
    error             text NULL,
    PRIMARY KEY (delivery_id, attempt)
);
