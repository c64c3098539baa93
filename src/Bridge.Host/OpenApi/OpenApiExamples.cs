using System.Text.Json.Nodes;
using Bridge.Host.Features.Clicks;
using Bridge.Host.Features.Connections;
using Bridge.Host.Features.Conversions;
using Bridge.Host.Features.Referrals;
using Bridge.Host.Features.Signups;
using Bridge.Host.Features.Webhooks;

namespace Bridge.Host.OpenApi;

/// <summary>
/// Request and response examples for the main bodies, built from the API's own contract types and serialized with the
/// API's JSON settings, so they cannot drift from what the endpoints read and write. Keys are <c>METHOD /path</c> as in
/// the document.
/// </summary>
public static class OpenApiExamples
{
    private static readonly DateTimeOffset At = new(2026, 6, 22, 12, 0, 0, TimeSpan.Zero);
    private const string Program = "prg_01jy3m8q2n4v6x8z0b2d4f6h8k";
    private const string Affiliate = "aff_01jy3m8q2n4v6x8z0b2d4f6h8m";
    private const string Referral = "ref_01jy3m9a7c5e3g1j9l7n5q3s1u";
    private const string Commission = "com_01jy3mb2d4f6h8k0m2p4r6t8v0";
    private const string Payment = "pmt_01jy3mb2d4f6h8k0m2p4r6t8v1";
    private const string Connection = "con_01jy3ma1c3e5g7j9l1n3q5s7u9";
    private const string InboundEvent = "evt_01jy3mc4e6g8j0l2n4q6s8u0w2";

    public sealed record Example(JsonNode? Request, int Status, JsonNode? Response);

    public static readonly IReadOnlyDictionary<string, Example> ByOperation = new Dictionary<string, Example>
    {
        ["POST /v1/clicks"] = new(
            Request(new ClickRequest { ProgramId = Program, TrackingId = "partner123", Ip = "203.0.113.7", UserAgent = "Mozilla/5.0", Referrer = "https://blog.example/review", UtmSource = "newsletter", Sub1 = "spring-campaign" }),
            201, Response(new Envelope<ClickResponse>(new ClickResponse(Referral, "partner123", Program, At)))),
        ["POST /v1/signups"] = new(
            Request(new SignupRequest(Referral, "jane@example.com", "user_42", "Jane Doe")),
            201, Response(new Envelope<ReferralResponse>(Lead))),
        ["GET /v1/referrals"] = new(null, 200, Response(new CursorEnvelope<ReferralResponse>([Lead], false))),
        ["GET /v1/referrals/{id}"] = new(null, 200, Response(new Envelope<ReferralResponse>(Lead))),
        ["POST /v1/referrals"] = new(
            Request(new ReferralRequest("max@example.com", Affiliate, null, null, null, null, "lead", "Max Mustermann", "user_43", null)),
            201, Response(new Envelope<ReferralResponse>(Lead with { Email = "max@example.com", Name = "Max Mustermann", ExternalUserId = "user_43" }))),
        ["PUT /v1/referrals/{id}"] = new(
            Request(new ReferralRequest(null, null, "sub_1PqR2s", "cus_Q1w2E3", null, null, "active", "Jane Doe", null, null)),
            200, Response(new Envelope<ReferralResponse>(Lead with { Status = "active", CustomerId = "cus_Q1w2E3", SubscriptionId = "sub_1PqR2s", ConvertedAt = At }))),
        ["POST /v1/conversions"] = new(
            Request(new ConversionRequest(Referral, null, null, null, 99.00m, "USD", "inv_2026_000145", null, null, "monthly", true, null, null, null, null)),
            201, Response(new Envelope<ConversionResponse>(Conversion))),
        ["POST /v1/conversions/{id}/refund"] = new(
            Request(new RefundRequest(49.50m, "USD", "requested_by_customer", "refund_1", null)),
            200, Response(new Envelope<ConversionResponse>(Conversion with { SaleAmount = 49.50m, CommissionAmount = 14.85m, SalesStatus = "partial_refunded" }))),
        ["POST /v1/events"] = new(
            Request(new EventRequest("trial_started", "trial", null, null, "user_42", null, null, null, null, null, null, null, null, null, null, null, null)),
            200, Response(new Envelope<EventResult>(new EventResult(InboundEvent, "trial_started", "trial", Referral, "trialing", "processed")))),
        ["POST /v1/connections"] = new(
            Request(new ConnectionRequest("stripe", "Stripe (live)", "whsec_your_endpoint_secret", null, "live", null, null, null)),
            201, Response(new Envelope<ConnectionResponse>(new ConnectionResponse(Connection, "stripe", "Stripe (live)", "live", 300, 1,
                $"https://bridge.example.com/webhooks/stripe/{Connection}", false, At, At)))),
        ["POST /webhooks/{provider}/{connectionId}"] = new(
            JsonNode.Parse("""
                {"id": "evt_1PqR2sLkdIwHu7ix", "object": "event", "type": "checkout.session.completed", "livemode": true, "created": 1782129600,
                 "data": {"object": {"id": "cs_live_a1B2c3", "object": "checkout.session", "mode": "payment", "payment_status": "paid",
                   "amount_total": 9900, "currency": "usd", "customer": "cus_Q1w2E3", "payment_intent": "pi_3PqR2s",
                   "metadata": {"affonso_referral": "ref_01jy3m9a7c5e3g1j9l7n5q3s1u"}}}}
                """),
            200, Response(new WebhookAck(true, InboundEvent, false))),
    };

    private static ReferralResponse Lead => new(Referral, Affiliate, Program, "jane@example.com", null, null, "lead", "Jane Doe", null, At, null, "user_42", []);

    private static ConversionResponse Conversion => new(Commission, Referral, Affiliate, Program, 99.00m, "USD", 29.70m, "USD", "ready_for_payment", "complete",
        0, null, "inv_2026_000145", null, "sale", "inv_2026_000145", "auto", "inc_01jy3m8q2n4v6x8z0b2d4f6h8p", Payment, At, At);

    /// <summary>The error envelope for a status, as the API writes it.</summary>
    public static JsonNode Error(int status, bool webhook) => Response(new ErrorEnvelope(status switch
    {
        400 when webhook => new ApiError("INVALID_SIGNATURE", "Webhook rejected: no signature matches the connection's secret."),
        400 => new ApiError("VALIDATION_ERROR", "email is not a valid e-mail address", "email", [new ErrorDetail("email", "email is not a valid e-mail address")]),
        401 => new ApiError("INVALID_API_KEY", "The API key is not valid."),
        403 => new ApiError("INSUFFICIENT_PERMISSIONS", "The API key lacks the 'read:referrals' permission."),
        404 when webhook => new ApiError("NOT_FOUND", "Webhook connection not found"),
        404 => new ApiError("NOT_FOUND", "Referral not found"),
        409 => new ApiError("DUPLICATE_ERROR", "Another affiliate of the program has this tracking_id.", "tracking_id"),
        413 => new ApiError("PAYLOAD_TOO_LARGE", "The request body is larger than 1048576 bytes; nothing was stored."),
        429 => new ApiError("RATE_LIMIT_EXCEEDED", "Too many requests. Please retry after 42 seconds.", RetryAfter: 42),
        503 => new ApiError("SERVICE_UNAVAILABLE", "The database is unavailable; nothing was stored. Retry shortly."),
        _ => new ApiError("INTERNAL_ERROR", "Unexpected error (trace id 0HN5…)."),
    }));

    private static JsonNode Response<T>(T value) => JsonSerializer.SerializeToNode(value, BridgeJson.Api)!;

    /// <summary>A request example: the contract type serialized, fields left null dropped.</summary>
    private static JsonNode Request<T>(T value)
    {
        var node = JsonSerializer.SerializeToNode(value, BridgeJson.Api)!.AsObject();
        foreach (var name in node.Where(p => p.Value is null).Select(p => p.Key).ToList())
            node.Remove(name);
        return node;
    }
}
