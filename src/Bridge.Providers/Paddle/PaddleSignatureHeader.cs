namespace Bridge.Providers.Paddle;

/// <summary>
/// The <c>Paddle-Signature</c> header, <c>ts=&lt;unix seconds&gt;;h1=&lt;hex&gt;[;h1=&lt;hex&gt;...]</c>: pairs separated by
/// <c>;</c>, key and value by the first <c>=</c>. Every <c>h1</c> is kept (several during secret rotation) and unknown
/// keys are skipped, so a future scheme added next to <c>h1</c> does not break verification.
/// </summary>
internal sealed record PaddleSignatureHeader(IReadOnlyList<string> Timestamps, IReadOnlyList<string> Signatures)
{
    public const string HeaderName = "Paddle-Signature";

    private const string TimestampKey = "ts";
    private const string SignatureKey = "h1";

    public static PaddleSignatureHeader Parse(string header)
    {
        var timestamps = new List<string>();
        var signatures = new List<string>();
        foreach (var pair in header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=');
            if (separator <= 0)
                continue;
            var key = pair[..separator].Trim();
            var value = pair[(separator + 1)..].Trim();
            if (key == TimestampKey)
                timestamps.Add(value);
            else if (key == SignatureKey)
                signatures.Add(value);
        }
        return new PaddleSignatureHeader(timestamps, signatures);
    }

    public static string Format(string unixSeconds, string signatureHex) =>
        $"{TimestampKey}={unixSeconds};{SignatureKey}={signatureHex}";

    /// <summary>The single signed timestamp, or a reason why the header does not have exactly one usable pair set.</summary>
    public string? Problem() => (Timestamps.Count, Signatures.Count) switch
    {
        (0, _) => $"{HeaderName} has no ts",
        ( > 1, _) => $"{HeaderName} has more than one ts",
        (_, 0) => $"{HeaderName} has no h1 signature",
        _ => null,
    };

    public string Timestamp => Timestamps[0];
}
