-- Foundation: tenants, keys, programs, groups and incentives, affiliates, referrals (a click is a referral in status
-- 'click'), and the tables the payment pipeline fills: provider connections, the inbound-event inbox, payments,
-- commissions and their ledger, outbound deliveries.

CREATE TABLE teams (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    currency    text NOT NULL DEFAULT 'USD',
    created_at  timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id            text PRIMARY KEY,
    team_id       text NOT NULL REFERENCES teams(id),
    name          text NOT NULL,
    key_hash      text NOT NULL UNIQUE,
    key_prefix    text NOT NULL,
    scopes        text NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NULL,
    disabled_at   timestamptz NULL,
    last_used_at  timestamptz NULL
);
CREATE INDEX api_keys_team ON api_keys(team_id);

CREATE TABLE programs (
    id                  text PRIMARY KEY,
    team_id             text NOT NULL UNIQUE REFERENCES teams(id),
    name                text NOT NULL,
    currency            text NOT NULL,
    commission_base     text NOT NULL DEFAULT 'total',
    settings_json       text NOT NULL DEFAULT '{}',
    tracking_json       text NOT NULL DEFAULT '{}',
    fraud_rules_json    text NOT NULL DEFAULT '{}',
    payment_terms_json  text NOT NULL DEFAULT '{}',
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE TABLE affiliate_groups (
    id           text PRIMARY KEY,
    team_id      text NOT NULL REFERENCES teams(id),
    program_id   text NOT NULL REFERENCES programs(id),
    name         text NOT NULL,
    description  text NULL,
    is_default   boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX affiliate_groups_program ON affiliate_groups(program_id);

CREATE TABLE affiliates (
    id                    text PRIMARY KEY,
    team_id               text NOT NULL REFERENCES teams(id),
    program_id            text NOT NULL REFERENCES programs(id),
    group_id              text NULL REFERENCES affiliate_groups(id),
    name                  text NOT NULL,
    email                 text NOT NULL,
    tracking_id           text NOT NULL,
    source                text NOT NULL DEFAULT 'direct',
    partnership_status    text NOT NULL DEFAULT 'pending',
    onboarding_completed  boolean NOT NULL DEFAULT false,
    external_user_id      text NULL,
    metadata_json         text NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    deleted_at            timestamptz NULL
);
CREATE UNIQUE INDEX affiliates_tracking ON affiliates(program_id, tracking_id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX affiliates_email ON affiliates(program_id, lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX affiliates_team_created ON affiliates(team_id, created_at, id);

-- Incentives belong to a group, or (affiliate_id set) are a per-affiliate override.
CREATE TABLE incentives (
    id                  text PRIMARY KEY,
    team_id             text NOT NULL REFERENCES teams(id),
    group_id            text NULL REFERENCES affiliate_groups(id),
    affiliate_id        text NULL REFERENCES affiliates(id),
    name                text NOT NULL,
    type                text NOT NULL,
    is_percentage       boolean NOT NULL,
    rate_ppm            bigint NULL,
    fixed_amount_minor  bigint NULL,
    fixed_currency      text NULL,
    incentive_length    text NOT NULL,
    length_value        integer NULL,
    hold_period_days    integer NULL,
    approval_type       text NOT NULL,
    apply_to            text NOT NULL DEFAULT 'all_products',
    product_ids_json    text NOT NULL DEFAULT '[]',
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX incentives_group ON incentives(group_id);
CREATE INDEX incentives_affiliate ON incentives(affiliate_id);

CREATE TABLE referrals (
    id                text PRIMARY KEY,
    team_id           text NOT NULL REFERENCES teams(id),
    program_id        text NOT NULL REFERENCES programs(id),
    affiliate_id      text NOT NULL REFERENCES affiliates(id),
    status            text NOT NULL,
    email             text NULL,
    name              text NULL,
    external_user_id  text NULL,
    customer_id       text NULL,
    subscription_id   text NULL,
    metadata_json     text NULL,
    fraud_flags       text NULL,
    sub1 text NULL, sub2 text NULL, sub3 text NULL, sub4 text NULL, sub5 text NULL,
    referrer          text NULL,
    ip                text NULL,
    user_agent        text NULL,
    utm_source text NULL, utm_medium text NULL, utm_campaign text NULL, utm_term text NULL, utm_content text NULL,
    gclid text NULL, fbclid text NULL, msclkid text NULL, ttclid text NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    converted_at      timestamptz NULL,
    deleted_at        timestamptz NULL
);
CREATE INDEX referrals_team_created ON referrals(team_id, created_at, id);
CREATE INDEX referrals_team_external_user ON referrals(team_id, external_user_id) WHERE external_user_id IS NOT NULL;
CREATE INDEX referrals_team_customer ON referrals(team_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX referrals_program_ip ON referrals(program_id, ip, created_at) WHERE ip IS NOT NULL;
CREATE INDEX referrals_affiliate ON referrals(affiliate_id, created_at);

CREATE TABLE provider_connections (
    id                 text PRIMARY KEY,
    team_id            text NOT NULL REFERENCES teams(id),
    provider           text NOT NULL,
    name               text NOT NULL,
    secret_primary     text NOT NULL,
    secret_secondary   text NULL,
    mode               text NOT NULL DEFAULT 'live',
    tolerance_seconds  integer NULL,
    capture_dir        text NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    disabled_at        timestamptz NULL
);
CREATE INDEX provider_connections_team ON provider_connections(team_id);

-- The inbox: one row per verified delivery, unique per (connection, provider event id).
CREATE TABLE inbound_events (
    id                 text PRIMARY KEY,
    team_id            text NOT NULL REFERENCES teams(id),
    connection_id      text NOT NULL REFERENCES provider_connections(id),
    provider           text NOT NULL,
    provider_event_id  text NOT NULL,
    event_type         text NOT NULL,
    live_mode          boolean NULL,
    headers_json       text NOT NULL,
    body               bytea NOT NULL,
    received_at        timestamptz NOT NULL,
    status             text NOT NULL,
    reason             text NULL,
    attempts           integer NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz NULL,
    claimed_by         text NULL,
    claimed_until      timestamptz NULL,
    waiting_for        text NULL,
    parked_until       timestamptz NULL,
    processed_at       timestamptz NULL,
    UNIQUE (connection_id, provider_event_id)
);
CREATE INDEX inbound_events_due ON inbound_events(status, next_attempt_at);
CREATE INDEX inbound_events_team_received ON inbound_events(team_id, received_at, id);
CREATE INDEX inbound_events_waiting ON inbound_events(team_id, waiting_for) WHERE waiting_for IS NOT NULL;

CREATE TABLE inbound_attempts (
    inbound_event_id  text NOT NULL REFERENCES inbound_events(id),
    attempt           integer NOT NULL,
    worker            text NOT NULL,
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz NULL,
    outcome           text NULL,
    reason            text NULL,
    PRIMARY KEY (inbound_event_id, attempt)
);

-- What each inbound event mapped to, visible as soon as it is mapped (also while parked).
CREATE TABLE inbound_event_payments (
    inbound_event_id     text NOT NULL REFERENCES inbound_events(id),
    seq                  integer NOT NULL,
    kind                 text NOT NULL,
    ignored_reason       text NULL,
    amount_minor         bigint NOT NULL,
    cumulative_refunded_minor bigint NULL,
    currency             text NOT NULL,
    provider_payment_id  text NULL,
    refund_id            text NULL,
    customer_id          text NULL,
    subscription_id      text NULL,
    click_id             text NULL,
    external_user_id     text NULL,
    email                text NULL,
    occurred_at          timestamptz NULL,
    outcome              text NULL,
    referral_id          text NULL,
    payment_id           text NULL,
    commission_ids       text NULL,
    PRIMARY KEY (inbound_event_id, seq)
);

CREATE TABLE payments (
    id                         text PRIMARY KEY,
    team_id                    text NOT NULL REFERENCES teams(id),
    provider                   text NOT NULL,
    provider_payment_id        text NOT NULL,
    kind                       text NOT NULL,
    referral_id                text NULL REFERENCES referrals(id),
    amount_minor               bigint NOT NULL,
    subtotal_minor             bigint NULL,
    currency                   text NOT NULL,
    customer_id                text NULL,
    subscription_id            text NULL,
    occurred_at                timestamptz NOT NULL,
    source_event_id            text NULL,
    cumulative_refunded_minor  bigint NOT NULL DEFAULT 0,
    refunded_minor             bigint NOT NULL DEFAULT 0,
    disputed                   boolean NOT NULL DEFAULT false,
    created_at                 timestamptz NOT NULL,
    UNIQUE (team_id, provider, provider_payment_id)
);
CREATE INDEX payments_subscription ON payments(team_id, provider, subscription_id) WHERE subscription_id IS NOT NULL;
CREATE INDEX payments_customer ON payments(team_id, provider, customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX payments_referral ON payments(referral_id);

CREATE TABLE payment_aliases (
    team_id     text NOT NULL,
    provider    text NOT NULL,
    alias       text NOT NULL,
    payment_id  text NOT NULL REFERENCES payments(id),
    PRIMARY KEY (team_id, provider, alias)
);

CREATE TABLE payment_refunds (
    payment_id       text NOT NULL REFERENCES payments(id),
    refund_key       text NOT NULL,
    amount_minor     bigint NOT NULL,
    source_event_id  text NULL,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (payment_id, refund_key)
);

-- Provider customers and subscriptions linked to a referral by an earlier attributed payment.
CREATE TABLE provider_links (
    team_id      text NOT NULL,
    provider     text NOT NULL,
    kind         text NOT NULL,
    external_id  text NOT NULL,
    referral_id  text NOT NULL REFERENCES referrals(id),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (team_id, provider, kind, external_id)
);

CREATE TABLE commissions (
    id                         text PRIMARY KEY,
    team_id                    text NOT NULL REFERENCES teams(id),
    program_id                 text NULL REFERENCES programs(id),
    referral_id                text NOT NULL REFERENCES referrals(id),
    affiliate_id               text NULL REFERENCES affiliates(id),
    payment_id                 text NULL REFERENCES payments(id),
    incentive_id               text NULL,
    earning_type               text NOT NULL,
    original_sale_minor        bigint NOT NULL,
    sale_amount_minor          bigint NOT NULL,
    sale_currency              text NOT NULL,
    original_commission_minor  bigint NOT NULL,
    commission_amount_minor    bigint NOT NULL,
    commission_currency        text NOT NULL,
    status                     text NOT NULL,
    sales_status               text NOT NULL,
    hold_period_days           integer NULL,
    hold_until                 timestamptz NULL,
    approval_type              text NOT NULL DEFAULT 'automatic',
    payment_intent_id          text NULL,
    invoice_id                 text NULL,
    external_event_id          text NULL,
    calculation_mode           text NOT NULL DEFAULT 'auto',
    adjusts_commission_id      text NULL REFERENCES commissions(id),
    is_subscription            boolean NOT NULL DEFAULT false,
    metadata_json              text NULL,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    deleted_at                 timestamptz NULL
);
CREATE UNIQUE INDEX commissions_one_per_payment ON commissions(payment_id) WHERE earning_type = 'direct_commission' AND payment_id IS NOT NULL;
CREATE UNIQUE INDEX commissions_external_event ON commissions(team_id, external_event_id) WHERE external_event_id IS NOT NULL AND earning_type <> 'clawback';
CREATE INDEX commissions_team_created ON commissions(team_id, created_at, id);
CREATE INDEX commissions_referral ON commissions(referral_id);
CREATE INDEX commissions_hold ON commissions(status, hold_until);

-- Every change to a commission is a ledger row with its cause, so balances can be audited and rebuilt.
CREATE TABLE commission_ledger (
    id                      text PRIMARY KEY,
    team_id                 text NOT NULL,
    commission_id           text NOT NULL REFERENCES commissions(id),
    cause                   text NOT NULL,
    cause_event_id          text NULL,
    sale_delta_minor        bigint NOT NULL,
    commission_delta_minor  bigint NOT NULL,
    status_after            text NOT NULL,
    sales_status_after      text NOT NULL,
    note                    text NULL,
    created_at              timestamptz NOT NULL
);
CREATE INDEX commission_ledger_commission ON commission_ledger(commission_id, created_at);

-- Outbound webhooks (Affonso-style events to the merchant's endpoints), written in the same transaction as the change.
CREATE TABLE outbound_endpoints (
    id               text PRIMARY KEY,
    team_id          text NOT NULL REFERENCES teams(id),
    url              text NOT NULL,
    secret           text NOT NULL,
    event_types      text NOT NULL,
    enabled          boolean NOT NULL DEFAULT true,
    disabled_reason  text NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE outbound_deliveries (
    id               text PRIMARY KEY,
    team_id          text NOT NULL REFERENCES teams(id),
    endpoint_id      text NOT NULL REFERENCES outbound_endpoints(id),
    event_id         text NOT NULL,
    event_type       text NOT NULL,
    payload          text NOT NULL,
    status           text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NULL,
    last_status_code integer NULL,
    last_error       text NULL,
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz NULL
);
CREATE INDEX outbound_deliveries_due ON outbound_deliveries(status, next_attempt_at);
