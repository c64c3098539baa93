namespace Bridge.Reliability.BadInput;

/// <summary>
/// A valid request body for each write route of the API (as in the README's curl examples), with ids from
/// <paramref name="id"/> (kind → id). The bad-input generator mutates these; the cross-team suite sends them as they are,
/// so that only the foreign id in the path stands between the request and a change.
/// </summary>
public static class BodyTemplates
{
    /// <summary>Prefix of every connection secret a template sends (so the log scan can track them).</summary>
    public const string SecretPrefix = "whsec_bodytemplate_";

    public static JsonNode? For(string method, string route, Func<string, string> id, string programId, Random rng)
    {
        var tag = rng.Next(1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (method, route) switch
        {
            ("POST", "/v1/clicks") => new JsonObject
            {
                ["programId"] = programId, ["trackingId"] = "partner123", ["ip"] = "203.0.113.7", ["utmSource"] = "newsletter",
                ["sub1"] = "a", ["userAgent"] = "Mozilla/5.0", ["referrer"] = "https://blog.example/post", ["createdAt"] = "2026-01-02T03:04:05.000Z",
            },
            ("POST", "/v1/signups") => new JsonObject
            {
                ["click_id"] = id(Kinds.Click), ["email"] = $"jane{tag}@example.com", ["name"] = "Jane Doe", ["external_user_id"] = $"user_{tag}",
            },
            ("POST", "/v1/referrals") => new JsonObject
            {
                ["email"] = $"max{tag}@example.com", ["affiliate_id"] = id(Kinds.Affiliate), ["name"] = "Max", ["status"] = "lead",
                ["metadata"] = new JsonObject { ["plan"] = "pro" },
            },
            ("PUT", "/v1/referrals/{id}") => new JsonObject { ["name"] = "Max", ["customer_id"] = null, ["status"] = "customer" },
            ("POST", "/v1/affiliates") => new JsonObject
            {
                ["name"] = "Ada Partner", ["email"] = $"ada{tag}@partners.example", ["program_id"] = programId, ["tracking_id"] = $"ada{tag}",
            },
            ("PUT", "/v1/affiliates/{id}") => new JsonObject { ["partnership_status"] = "approved", ["name"] = "Ada P." },
            ("PUT", "/v1/affiliates/{id}/commission-overrides") => new JsonArray(new JsonObject
            {
                ["type"] = "sale", ["amount"] = 40, ["is_percentage"] = true, ["incentive_length"] = "payments", ["length_value"] = 12,
            }),
            ("PATCH", "/v1/program") => new JsonObject { ["name"] = "Acme Partners", ["website_url"] = "https://acme.example" },
            ("PATCH", "/v1/program/tracking") => new JsonObject { ["track_name"] = false },
            ("PATCH", "/v1/program/fraud-rules") => new JsonObject
            {
                ["self_referral"] = "block", ["duplicate_ip"] = "detect", ["duplicate_ip_config"] = new JsonObject { ["threshold"] = 3, ["window_hours"] = 24 },
            },
            ("PATCH", "/v1/program/payment-terms") => new JsonObject { ["commission_rate"] = 30, ["commission_duration"] = "forever" },
            ("POST", "/v1/program/groups") => new JsonObject
            {
                ["name"] = $"VIP {tag}",
                ["incentives"] = new JsonArray(new JsonObject
                {
                    ["type"] = "sale", ["amount"] = 40, ["is_percentage"] = true, ["incentive_length"] = "months", ["length_value"] = 12,
                    ["hold_period_days"] = 30, ["approval_type"] = "automatic",
                }),
            },
            ("PATCH", "/v1/program/groups/{id}") => new JsonObject { ["description"] = "Top partners" },
            ("POST", "/v1/connections") => new JsonObject { ["provider"] = "stripe", ["secret"] = SecretPrefix + tag + Guid.NewGuid().ToString("N")[..8], ["mode"] = "test" },
            ("PATCH", "/v1/connections/{id}") => new JsonObject { ["name"] = "renamed", ["tolerance_seconds"] = 600 },
            ("POST", "/v1/conversions") => new JsonObject
            {
                ["referral_id"] = id(Kinds.Referral), ["sale_amount"] = 99.00m, ["sale_amount_currency"] = "USD", ["external_event_id"] = $"inv_{tag}",
            },
            ("POST", "/v1/conversions/{id}/refund") => new JsonObject { ["amount"] = 1.50m, ["external_event_id"] = $"refund_{tag}" },
            ("POST", "/v1/events") => new JsonObject
            {
                ["event_name"] = "trial_started", ["event_type"] = "milestone", ["referral_id"] = id(Kinds.Referral),
            },
            ("POST", "/v1/commissions") => new JsonObject
            {
                ["referral_id"] = id(Kinds.Referral), ["sale_amount"] = 50, ["commission_amount"] = 10,
            },
            ("PUT", "/v1/commissions/{id}") => new JsonObject { ["status"] = "paid" },
            ("POST", "/v1/webhooks/endpoints") => new JsonObject
            {
                ["url"] = $"https://merchant{tag}.example/affonso-webhooks", ["events"] = new JsonArray("referral.*", "transaction.*"),
            },
            ("PATCH", "/v1/webhooks/endpoints/{id}") => new JsonObject { ["enabled"] = true, ["description"] = "main" },
            _ => null,
        };
    }
}
