namespace Bridge.Providers.Contract;

/// <summary>
/// A payment provider adapter: verify, then map. Adapters are pure: no database, no clock but the one passed in,
/// no network. Register a new one with one line in <see cref="ProviderCatalog"/>.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>The lower-case name used in URLs and the store: <c>stripe</c>, <c>polar</c>, ...</summary>
    string Name { get; }

    /// <summary>How far a signed timestamp may be from the clock by default (null when the scheme has no timestamp).</summary>
    TimeSpan? DefaultTolerance { get; }

    /// <summary>Checks a signing secret's format when a connection is registered; returns a reason, or null when it is fine.</summary>
    string? CheckSecret(string secret);

    /// <summary>
    /// Verifies the signature over the raw body with any of the given secrets (rotation), constant-time, within
    /// <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    VerificationResult Verify(RawWebhook webhook, IReadOnlyList<string> secrets, TimeSpan tolerance, DateTimeOffset now);

    /// <summary>Maps a verified event to zero or more normalized payment events.</summary>
    MappingResult Map(VerifiedWebhook webhook);

    /// <summary>
    /// Signs a body the way the provider would (used by replay and by tests): returns the headers to send,
    /// signature included. <paramref name="eventId"/> is used by schemes that sign a message id.
    /// </summary>
    IReadOnlyDictionary<string, string> Sign(byte[] body, string secret, DateTimeOffset timestamp, string eventId);
}
