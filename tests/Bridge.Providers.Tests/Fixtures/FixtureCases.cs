namespace Bridge.Providers.Tests.Fixtures;

/// <summary>
/// Table-driven adapter tests: every captured event under <c>fixtures/&lt;provider&gt;/</c> is one case, so adding a
/// captured event (body + sidecar) adds a test.
/// </summary>
public static class FixtureCases
{
    public static TheoryData<string> Names(string provider)
    {
        var data = new TheoryData<string>();
        foreach (var captured in CapturedEvent.Load([RepoPaths.FixturesOf(provider)]))
            data.Add(captured.Name);
        return data;
    }

    public static CapturedEvent Load(string provider, string name) =>
        CapturedEvent.LoadOne(Path.Combine(RepoPaths.FixturesOf(provider), name + ".json"));

    /// <summary>
    /// Signs the fixture's body with the adapter's own signer (as production verifies it), verifies it, maps it, and
    /// checks the result against the sidecar.
    /// </summary>
    public static void SignVerifyAndMap(IPaymentProvider provider, string name, string secret)
    {
        var captured = Load(provider.Name, name);
        Assert.Equal(provider.Name, captured.Sidecar.Provider);
        var now = DateTimeOffset.UtcNow;

        var headers = new Dictionary<string, string>(captured.Sidecar.Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (header, value) in provider.Sign(captured.Body, secret, now, captured.Sidecar.EventId))
            headers[header] = value;
        var raw = new RawWebhook(provider.Name, new WebhookHeaders(headers), captured.Body, now);

        var verification = provider.Verify(raw, [secret], provider.DefaultTolerance ?? TimeSpan.FromMinutes(5), now);
        var verified = Assert.IsType<VerificationResult.Verified>(verification).Webhook;
        Assert.Equal(captured.Sidecar.EventId, verified.EventId);
        Assert.Equal(captured.Sidecar.EventType, verified.EventType);
        if (captured.Sidecar.LiveMode is { } liveMode)
            Assert.Equal(liveMode, verified.LiveMode);

        var mapping = provider.Map(verified);
        Assert.Null(mapping.Error);
        Assert.Equal(captured.Sidecar.Payments.Count, mapping.Events.Count);
        for (var i = 0; i < mapping.Events.Count; i++)
        {
            var differences = PaymentEventJson.Differences(captured.Sidecar.Payments[i], PaymentEventJson.ToFlat(mapping.Events[i]));
            Assert.True(differences.Count == 0, $"{captured}: payment {i}: " + string.Join("; ", differences));
        }
    }

    /// <summary>A body signed for one secret must not verify with another.</summary>
    public static void WrongSecretIsRejected(IPaymentProvider provider, string name, string secret, string otherSecret)
    {
        var captured = Load(provider.Name, name);
        var now = DateTimeOffset.UtcNow;
        var headers = new Dictionary<string, string>(captured.Sidecar.Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (header, value) in provider.Sign(captured.Body, otherSecret, now, captured.Sidecar.EventId))
            headers[header] = value;
        var raw = new RawWebhook(provider.Name, new WebhookHeaders(headers), captured.Body, now);
        Assert.IsType<VerificationResult.Rejected>(provider.Verify(raw, [secret], TimeSpan.FromMinutes(5), now));
    }
}
