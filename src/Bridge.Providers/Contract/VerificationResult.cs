namespace Bridge.Providers.Contract;

/// <summary>The outcome of checking a webhook's signature: a value, never an exception.</summary>
public abstract record VerificationResult
{
    private VerificationResult() { }

    public sealed record Verified(VerifiedWebhook Webhook) : VerificationResult;

    /// <summary>Why the request was refused. The reason never contains a secret or a signature.</summary>
    public sealed record Rejected(string Reason) : VerificationResult;

    public static VerificationResult Reject(string reason) => new Rejected(reason);

    /// <summary>
    /// Parses the verified body and wraps it. Called by adapters after the signature matched; a body that is not a
    /// JSON object, or that lacks the event id, is rejected with a reason.
    /// </summary>
    public static VerificationResult Accept(RawWebhook raw, Func<JsonElement, EventIdentity?> identify)
    {
        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(raw.Body);
            payload = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Reject("the body is not valid JSON");
        }

        if (payload.ValueKind != JsonValueKind.Object)
            return Reject("the body is not a JSON object");

        var identity = identify(payload);
        if (identity is null || string.IsNullOrWhiteSpace(identity.EventId))
            return Reject("the event has no id");

        return new Verified(new VerifiedWebhook(raw, payload, identity.EventId, identity.EventType, identity.LiveMode));
    }
}

/// <summary>What identifies a delivery: its idempotency key, its type, and live/test mode when known.</summary>
public sealed record EventIdentity(string EventId, string EventType, bool? LiveMode = null);
