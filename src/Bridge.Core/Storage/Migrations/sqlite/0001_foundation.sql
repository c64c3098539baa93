-- Foundation: tenants, keys, programs, groups and incentives, affiliates, referrals (a click is a referral in status
-- 'click'), and the tables the payment pipeline fills: provider connections, the inbound-event inbox, payments,
-- commissions and their ledger, outbound deliveries.

CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    currency    TEXT NOT NULL DEFAULT 'USD',
    created_at  TEXT NOT NULL
);

CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    team_id       TEXT NOT NULL REFERENCES teams(id),
    name          TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    key_prefix    TEXT NOT NULL,
    scopes        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NULL,
    disabled_at   TEXT NULL,
    last_used_at  TEXT NULL
);
CREATE INDEX api_keys_team ON api_keys(team_id);

CREATE TABLE programs (
    id                  TEXT PRIMARY KEY,
    team_id             TEXT NOT NULL UNIQUE REFERENCES teams(id),
    name                TEXT NOT NULL,
    currency            TEXT NOT NULL,
    commission_base     TEXT NOT NULL DEFAULT 'total',
    settings_json       TEXT NOT NULL DEFAULT '{}',
    tracking_json       TEXT NOT NULL DEFAULT '{}',
    fraud_rules_json    TEXT NOT NULL DEFAULT '{}',
    payment_terms_json  TEXT NOT NULL DEFAULT '{}',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

CREATE TABLE affiliate_groups (
    id           TEXT PRIMARY KEY,
    team_id      TEXT NOT NULL REFERENCES teams(id),
    program_id   TEXT NOT NULL REFERENCES programs(id),
    name         TEXT NOT NULL,
    description  TEXT NULL,
    is_default   INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX affiliate_groups_program ON affiliate_groups(program_id);

CREATE TABLE affiliates (
    id                    TEXT PRIMARY KEY,
    team_id               TEXT NOT NULL REFERENCES teams(id),
    program_id            TEXT NOT NULL REFERENCES programs(id),
    group_id              TEXT NULL REFERENCES affiliate_groups(id),
    name                  TEXT NOT NULL,
    email                 TEXT NOT NULL,
    tracking_id           TEXT NOT NULL,
    source                TEXT NOT NULL DEFAULT 'direct',
    partnership_status    TEXT NOT NULL DEFAULT 'pending',
    onboarding_completed  INTEGER NOT NULL DEFAULT 0,
    external_user_id      TEXT NULL,
    metadata_json         TEXT NULL,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    deleted_at            TEXT NULL
);
CREATE UNIQUE INDEX affiliates_tracking ON affiliates(program_id, tracking_id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX affiliates_email ON affiliates(program_id, lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX affiliates_team_created ON affiliates(team_id, created_at, id);

-- Incentives belong to a group, or (affiliate_id set) are a per-affiliate override.
CREATE TABLE incentives (
    id                  TEXT PRIMARY KEY,
    team_id             TEXT NOT NULL REFERENCES teams(id),
    group_id            TEXT NULL REFERENCES affiliate_groups(id),
    affiliate_id        TEXT NULL REFERENCES affiliates(id),
    name                TEXT NOT NULL,
    type                TEXT NOT NULL,
    is_percentage       INTEGER NOT NULL,
    rate_ppm            INTEGER NULL,
    fixed_amount_minor  INTEGER NULL,
    fixed_currency      TEXT NULL,
    incentive_length    TEXT NOT NULL,
    length_value        INTEGER NULL,
    hold_period_days    INTEGER NULL,
    approval_type       TEXT NOT NULL,
    apply_to            TEXT NOT NULL DEFAULT 'all_products',
    product_ids_json    TEXT NOT NULL DEFAULT '[]',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX incentives_group ON incentives(group_id);
CREATE INDEX incentives_affiliate ON incentives(affiliate_id);

CREATE TABLE referrals (
    id                TEXT PRIMARY KEY,
    team_id           TEXT NOT NULL REFERENCES teams(id),
    program_id        TEXT NOT NULL REFERENCES programs(id),
    affiliate_id      TEXT NOT NULL REFERENCES affiliates(id),
    status            TEXT NOT NULL,
    email             TEXT NULL,
    name              TEXT NULL,
    external_user_id  TEXT NULL,
    customer_id       TEXT NULL,
    subscription_id   TEXT NULL,
    metadata_json     TEXT NULL,
    fraud_flags       TEXT NULL,
    sub1 TEXT NULL, sub2 TEXT NULL, sub3 TEXT NULL, sub4 TEXT NULL, sub5 TEXT NULL,
    referrer          TEXT NULL,
    ip                TEXT NULL,
    user_agent        TEXT NULL,
    utm_source TEXT NULL, utm_medium TEXT NULL, utm_campaign TEXT NULL, utm_term TEXT NULL, utm_content TEXT NULL,
    gclid TEXT NULL, fbclid TEXT NULL, msclkid TEXT NULL, ttclid TEXT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    converted_at      TEXT NULL,
    deleted_at        TEXT NULL
);
CREATE INDEX referrals_team_created ON referrals(team_id, created_at, id);
CREATE INDEX referrals_team_external_user ON referrals(team_id, external_user_id) WHERE external_user_id IS NOT NULL;
CREATE INDEX referrals_team_customer ON referrals(team_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX referrals_program_ip ON referrals(program_id, ip, created_at) WHERE ip IS NOT NULL;
CREATE INDEX referrals_affiliate ON referrals(affiliate_id, created_at);

CREATE TABLE provider_connections (
    id                 TEXT PRIMARY KEY,
    team_id            TEXT NOT NULL REFERENCES teams(id),
    provider           TEXT NOT NULL,
    name               TEXT NOT NULL,
    secret_primary     TEXT NOT NULL,
    secret_secondary   TEXT NULL,
    mode               TEXT NOT NULL DEFAULT 'live',
    tolerance_seconds  INTEGER NULL,
    capture_dir        TEXT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    disabled_at        TEXT NULL
);
CREATE INDEX provider_connections_team ON provider_connections(team_id);

-- The inbox: one row per verified delivery, unique per (connection, provider event id).
CREATE TABLE inbound_events (
    id                 TEXT PRIMARY KEY,
    team_id            TEXT NOT NULL REFERENCES teams(id),
    connection_id      TEXT NOT NULL REFERENCES provider_connections(id),
    provider           TEXT NOT NULL,
    provider_event_id  TEXT NOT NULL,
    event_type         TEXT NOT NULL,
    live_mode          INTEGER NULL,
    headers_json       TEXT NOT NULL,
    body               BLOB NOT NULL,
    received_at        TEXT NOT NULL,
    status             TEXT NOT NULL,
    reason             TEXT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TEXT NULL,
    claimed_by         TEXT NULL,
    claimed_until      TEXT NULL,
    waiting_for        TEXT NULL,
    parked_until       TEXT NULL,
    processed_at       TEXT NULL,
    UNIQUE (connection_id, provider_event_id)
);
CREATE INDEX inbound_events_due ON inbound_events(status, next_attempt_at);
CREATE INDEX inbound_events_team_received ON inbound_events(team_id, received_at, id);
CREATE INDEX inbound_events_waiting ON inbound_events(team_id, waiting_for) WHERE waiting_for IS NOT NULL;

CREATE TABLE inbound_attempts (
    inbound_event_id  TEXT NOT NULL REFERENCES inbound_events(id),
    attempt           INTEGER NOT NULL,
    worker            TEXT NOT NULL,
    started_at        TEXT NOT NULL,
    finished_at       TEXT NULL,
    outcome           TEXT NULL,
    reason            TEXT NULL,
    PRIMARY KEY (inbound_event_id, attempt)
);

-- What each inbound event mapped to, visible as soon as it is mapped (also while parked).
CREATE TABLE inbound_event_payments (
    inbound_event_id     TEXT NOT NULL REFERENCES inbound_events(id),
    seq                  INTEGER NOT NULL,
    kind                 TEXT NOT NULL,
    ignored_reason       TEXT NULL,
    amount_minor         INTEGER NOT NULL,
    cumulative_refunded_minor INTEGER NULL,
    currency             TEXT NOT NULL,
    provider_payment_id  TEXT NULL,
    refund_id            TEXT NULL,
    customer_id          TEXT NULL,
    subscription_id      TEXT NULL,
    click_id             TEXT NULL,
    external_user_id     TEXT NULL,
    email                TEXT NULL,
    occurred_at          TEXT NULL,
    outcome              TEXT NULL,
    referral_id          TEXT NULL,
    payment_id           TEXT NULL,
    commission_ids       TEXT NULL,
    PRIMARY KEY (inbound_event_id, seq)
);

CREATE TABLE payments (
    id                         TEXT PRIMARY KEY,
    team_id                    TEXT NOT NULL REFERENCES teams(id),
    provider                   TEXT NOT NULL,
    provider_payment_id        TEXT NOT NULL,
    kind                       TEXT NOT NULL,
    referral_id                TEXT NULL REFERENCES referrals(id),
    amount_minor               INTEGER NOT NULL,
    subtotal_minor             INTEGER NULL,
    currency                   TEXT NOT NULL,
    customer_id                TEXT NULL,
    subscription_id            TEXT NULL,
    occurred_at                TEXT NOT NULL,
    source_event_id            TEXT NULL,
    cumulative_refunded_minor  INTEGER NOT NULL DEFAULT 0,
    refunded_minor             INTEGER NOT NULL DEFAULT 0,
    disputed                   INTEGER NOT NULL DEFAULT 0,
    created_at                 TEXT NOT NULL,
    UNIQUE (team_id, provider, provider_payment_id)
);
CREATE INDEX payments_subscription ON payments(team_id, provider, subscription_id) WHERE subscription_id IS NOT NULL;
CREATE INDEX payments_customer ON payments(team_id, provider, customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX payments_referral ON payments(referral_id);

CREATE TABLE payment_aliases (
    team_id     TEXT NOT NULL,
    provider    TEXT NOT NULL,
    alias       TEXT NOT NULL,
    payment_id  TEXT NOT NULL REFERENCES payments(id),
    PRIMARY KEY (team_id, provider, alias)
);

CREATE TABLE payment_refunds (
    payment_id       TEXT NOT NULL REFERENCES payments(id),
    refund_key       TEXT NOT NULL,
    amount_minor     INTEGER NOT NULL,
    source_event_id  TEXT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (payment_id, refund_key)
);

-- Provider customers and subscriptions linked to a referral by an earlier attributed payment.
CREATE TABLE provider_links (
    team_id      TEXT NOT NULL,
    provider     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    referral_id  TEXT NOT NULL REFERENCES referrals(id),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (team_id, provider, kind, external_id)
);

CREATE TABLE commissions (
    id                         TEXT PRIMARY KEY,
    team_id                    TEXT NOT NULL REFERENCES teams(id),
    program_id                 TEXT NULL REFERENCES programs(id),
    referral_id                TEXT NOT NULL REFERENCES referrals(id),
    affiliate_id               TEXT NULL REFERENCES affiliates(id),
    payment_id                 TEXT NULL REFERENCES payments(id),
    incentive_id               TEXT NULL,
    earning_type               TEXT NOT NULL,
    original_sale_minor        INTEGER NOT NULL,
    sale_amount_minor          INTEGER NOT NULL,
    sale_currency              TEXT NOT NULL,
    original_commission_minor  INTEGER NOT NULL,
    commission_amount_minor    INTEGER NOT NULL,
    commission_currency        TEXT NOT NULL,
    status                     TEXT NOT NULL,
    sales_status               TEXT NOT NULL,
    hold_period_days           INTEGER NULL,
    hold_until                 TEXT NULL,
    approval_type              TEXT NOT NULL DEFAULT 'automatic',
    payment_intent_id          TEXT NULL,
    invoice_id                 TEXT NULL,
    external_event_id          TEXT NULL,
    calculation_mode           TEXT NOT NULL DEFAULT 'auto',
    adjusts_commission_id      TEXT NULL REFERENCES commissions(id),
    is_subscription            INTEGER NOT NULL DEFAULT 0,
    metadata_json              TEXT NULL,
    created_at                 TEXT NOT NULL,
    updated_at                 TEXT NOT NULL,
    deleted_at                 TEXT NULL
);
CREATE UNIQUE INDEX commissions_one_per_payment ON commissions(payment_id) WHERE earning_type = 'direct_commission' AND payment_id IS NOT NULL;
CREATE UNIQUE INDEX commissions_external_event ON commissions(team_id, external_event_id) WHERE external_event_id IS NOT NULL AND earning_type <> 'clawback';
CREATE INDEX commissions_team_created ON commissions(team_id, created_at, id);
CREATE INDEX commissions_referral ON commissions(referral_id);
CREATE INDEX commissions_hold ON commissions(status, hold_until);

-- Every change to a commission is a ledger row with its cause, so balances can be audited and rebuilt.
CREATE TABLE commission_ledger (
    id                      TEXT PRIMARY KEY,
    team_id                 TEXT NOT NULL,
    commission_id           TEXT NOT NULL REFERENCES commissions(id),
    cause                   TEXT NOT NULL,
    cause_event_id          TEXT NULL,
    sale_delta_minor        INTEGER NOT NULL,
    commission_delta_minor  INTEGER NOT NULL,
    status_after            TEXT NOT NULL,
    sales_status_after      TEXT NOT NULL,
    note                    TEXT NULL,
    created_at              TEXT NOT NULL
);
CREATE INDEX commission_ledger_commission ON commission_ledger(commission_id, created_at);

-- Outbound webhooks (Affonso-style events to the merchant's endpoints), written in the same transaction as the change.
CREATE TABLE outbound_endpoints (
    id               TEXT PRIMARY KEY,
    team_id          TEXT NOT NULL REFERENCES teams(id),
    url              TEXT NOT NULL,
    secret           TEXT NOT NULL,
    event_types      TEXT NOT NULL,
    enabled          INTEGER NOT NULL DEFAULT 1,
    disabled_reason  TEXT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE outbound_deliveries (
    id               TEXT PRIMARY KEY,
    team_id          TEXT NOT NULL REFERENCES teams(id),
    endpoint_id      TEXT NOT NULL REFERENCES outbound_endpoints(id),
    event_id         TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NULL,
    last_status_code INTEGER NULL,
    last_error       TEXT NULL,
    created_at       TEXT NOT NULL,
    delivered_at     TEXT NULL
);
CREATE INDEX outbound_deliveries_due ON outbound_deliveries(status, next_attempt_at);
