using System.Collections.Frozen;
using Bridge.Providers.Json;
using Bridge.Providers.Signing;

namespace Bridge.Providers.Dodo;

/// <summary>
/// Dodo Payments: Standard Webhooks signatures with a <c>whsec_&lt;base64&gt;</c> secret; the event id is the
/// <c>webhook-id</c> header and the type is the body's <c>type</c>. Events map as follows:
/// <list type="bullet">
/// <item><c>payment.succeeded</c> without a subscription → <see cref="PaymentKind.Initial"/> (one-time purchase).</item>
/// <item><c>payment.succeeded</c> with a subscription → <see cref="PaymentKind.SubscriptionPayment"/>: Dodo does not say
/// whether it is the first charge, so the engine decides from state; <c>checkout_session_id</c> is passed as
/// <see cref="PaymentEvent.CheckoutReference"/> (evidence of a first payment).</item>
/// <item><c>refund.succeeded</c> → <see cref="PaymentKind.Refund"/> (the refund's own <c>amount</c>).</item>
/// <item><c>dispute.opened</c> → <see cref="PaymentKind.Dispute"/>.</item>
/// <item>Everything else is ignored with a reason: other <c>payment.*</c> statuses, <c>refund.failed</c>, dispute
/// outcomes, and every <c>subscription.*</c> event (<c>subscription.renewed</c> repeats a charge that also arrives as
/// <c>payment.succeeded</c>).</item>
/// </list>
/// </summary>
public sealed class DodoProvider : IPaymentProvider
{
    private const string SecretPrefix = "whsec_";

    private static readonly FrozenDictionary<string, Func<string, JsonElement, DateTimeOffset, MappingResult>> Mappers =
        new Dictionary<string, Func<string, JsonElement, DateTimeOffset, MappingResult>>
        {
            [DodoEventTypes.PaymentSucceeded] = DodoPayloads.Payment,
            [DodoEventTypes.RefundSucceeded] = DodoPayloads.Refund,
            [DodoEventTypes.DisputeOpened] = DodoPayloads.Dispute,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public string Name => "dodo";

    public TimeSpan? DefaultTolerance => TimeSpan.FromMinutes(5);

    public string? CheckSecret(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
            return $"a Dodo Payments webhook secret starts with '{SecretPrefix}'";
        if (StandardWebhooks.DecodeWhsecKey(secret) is null)
            return $"the part after '{SecretPrefix}' must be non-empty base64";
        return null;
    }

    public VerificationResult Verify(RawWebhook webhook, IReadOnlyList<string> secrets, TimeSpan tolerance, DateTimeOffset now)
    {
        var keys = secrets
            .Select(StandardWebhooks.DecodeWhsecKey)
            .OfType<byte[]>()
            .ToList();
        if (keys.Count == 0)
            return VerificationResult.Reject("the connection has no valid whsec_ secret");

        var failure = StandardWebhooks.Verify(webhook, keys, tolerance, now);
        if (failure is not null)
            return VerificationResult.Reject(failure);

        var eventId = webhook.Headers[StandardWebhooks.IdHeader]!;
        return VerificationResult.Accept(webhook, payload => new EventIdentity(eventId, payload.Str("type") ?? "", LiveMode: null));
    }

    public IReadOnlyDictionary<string, string> Sign(byte[] body, string secret, DateTimeOffset timestamp, string eventId)
    {
        var key = StandardWebhooks.DecodeWhsecKey(secret)
            ?? throw new ArgumentException("the secret is not a whsec_<base64> key", nameof(secret));
        return StandardWebhooks.Sign(key, body, timestamp, eventId);
    }

    public MappingResult Map(VerifiedWebhook webhook)
    {
        var payload = webhook.Payload;
        var eventId = webhook.EventId;
        var type = webhook.EventType;
        var occurredAt = DodoPayloads.OccurredAt(payload);

        if (type.Length == 0)
            return MappingResult.Fail("the body has no event type");

        if (!Mappers.TryGetValue(type, out var map))
            return MappingResult.Of(PaymentEvent.Ignore(eventId, DodoIgnoreReasons.For(type), occurredAt));

        if (payload.At("data") is not { ValueKind: JsonValueKind.Object } data)
            return MappingResult.Fail($"{type} has no data object");

        return map(eventId, data, occurredAt);
    }
}
