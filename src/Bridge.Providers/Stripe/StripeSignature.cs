using System.Globalization;
using Bridge.Providers.Signing;
using StripeEventUtility = global::Stripe.EventUtility;
using StripeException = global::Stripe.StripeException;

namespace Bridge.Providers.Stripe;

/// <summary>
/// The <c>Stripe-Signature</c> scheme: <c>t=&lt;unix&gt;,v1=&lt;hex&gt;[,v1=…][,v0=…]</c>, HMAC-SHA256 keyed with the whole
/// <c>whsec_…</c> secret over <c>{t}.{body}</c>. Verification is Stripe.net's own; this class only gives its failures
/// clear reasons.
/// </summary>
internal static class StripeSignature
{
    public const string HeaderName = "Stripe-Signature";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Create(byte[] body, string secret, DateTimeOffset timestamp)
    {
        var unix = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var digest = Hmac.Sha256(Encoding.UTF8.GetBytes(secret), unix + ".", body);
        return $"t={unix},v1={Hmac.ToHex(digest)}";
    }

    /// <summary>Null when any secret verifies the header within the tolerance; otherwise why not.</summary>
    public static string? Check(RawWebhook webhook, IReadOnlyList<string> secrets, TimeSpan tolerance, DateTimeOffset now)
    {
        var header = webhook.Headers[HeaderName];
        if (string.IsNullOrWhiteSpace(header))
            return $"missing {HeaderName} header";
        if (HeaderProblem(header, out var timestamp) is { } problem)
            return problem;
        var usableSecrets = secrets.Where(secret => !string.IsNullOrEmpty(secret)).ToList();
        if (usableSecrets.Count == 0)
            return "the connection has no signing secret";
        if (!TryDecode(webhook.Body, out var json))
            return "the body is not valid UTF-8";

        var outsideTolerance = false;
        foreach (var secret in usableSecrets)
        {
            switch (Validate(json, header, secret, tolerance, now))
            {
                case Outcome.Verified:
                    return null;
                case Outcome.OutsideTolerance:
                    outsideTolerance = true;
                    break;
                case Outcome.MalformedHeader:
                    return $"the {HeaderName} header is malformed";
            }
        }

        return outsideTolerance
            ? TimestampWindow.Check(timestamp, tolerance, now) ?? "the signature timestamp is outside the tolerance"
            : "no v1 signature in the Stripe-Signature header matches the connection's secrets";
    }

    private enum Outcome
    {
        Verified,
        NoMatchingSignature,
        OutsideTolerance,
        MalformedHeader,
    }

    private static Outcome Validate(string json, string header, string secret, TimeSpan tolerance, DateTimeOffset now)
    {
        try
        {
            StripeEventUtility.ValidateSignature(json, header, secret, (long)tolerance.TotalSeconds, now.ToUnixTimeSeconds());
            return Outcome.Verified;
        }
        catch (StripeException exception)
        {
            return Classify(exception.Message);
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            return Outcome.MalformedHeader;
        }
    }

    private static Outcome Classify(string message)
    {
        if (message.Contains("tolerance", StringComparison.OrdinalIgnoreCase))
            return Outcome.OutsideTolerance;
        if (message.Contains("format is unexpected", StringComparison.OrdinalIgnoreCase))
            return Outcome.MalformedHeader;
        return Outcome.NoMatchingSignature;
    }

    /// <summary>
    /// Reads the header the way Stripe.net does (items split on ',', each on its first '='), so that a header it would
    /// refuse, or would crash on, gets a reason instead.
    /// </summary>
    private static string? HeaderProblem(string header, out string? timestamp)
    {
        timestamp = null;
        var hasV1 = false;
        foreach (var item in header.Trim().Split(','))
        {
            var parts = item.Trim().Split('=', 2);
            if (parts.Length != 2)
                return $"the {HeaderName} header is malformed (expected t=<unix seconds>,v1=<hex>)";
            if (parts[0] == "t")
                timestamp ??= parts[1];
            else if (parts[0] == "v1")
                hasV1 = true;
        }

        if (timestamp is null)
            return $"the {HeaderName} header has no timestamp (t=)";
        if (!int.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            return $"the {HeaderName} timestamp is not a Unix time in seconds";
        if (!hasV1)
            return $"the {HeaderName} header has no v1 signature";
        return null;
    }

    private static bool TryDecode(byte[] body, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(body);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }
}
