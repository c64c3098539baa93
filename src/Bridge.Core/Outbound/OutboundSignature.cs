using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Core.Outbound;

/// <summary>
/// How deliveries are signed, so existing receivers verify them unchanged:
/// Affonso style — <c>X-Affonso-Timestamp: t</c> and <c>X-Affonso-Signature: t=&lt;t&gt;,v1=&lt;hex HMAC-SHA256("{t}.{body}")&gt;</c>
/// keyed with the whole <c>whsec_…</c> secret; and Standard Webhooks — <c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256("{id}.{t}.{body}")&gt;</c> keyed with the base64 part of the secret.
/// </summary>
public static class OutboundSignature
{
    public static IReadOnlyDictionary<string, string> Headers(string secret, string eventId, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        var affonso = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Concat($"{t}.", bytes)));
        var standard = Convert.ToBase64String(HMACSHA256.HashData(StandardKey(secret), Concat($"{eventId}.{t}.", bytes)));
        return new Dictionary<string, string>
        {
            ["X-Affonso-Timestamp"] = t,
            ["X-Affonso-Signature"] = $"t={t},v1={affonso}",
            ["webhook-id"] = eventId,
            ["webhook-timestamp"] = t,
            ["webhook-signature"] = "v1," + standard,
        };
    }

    public static byte[] StandardKey(string secret) =>
        Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);

    private static byte[] Concat(string prefix, byte[] body)
    {
        var head = Encoding.UTF8.GetBytes(prefix);
        var message = new byte[head.Length + body.Length];
        head.CopyTo(message, 0);
        body.CopyTo(message, head.Length);
        return message;
    }
}
