using System.Security.Cryptography;

namespace Bridge.Providers.Signing;

/// <summary>HMAC-SHA256 and constant-time comparison shared by every adapter.</summary>
public static class Hmac
{
    public static byte[] Sha256(byte[] key, ReadOnlySpan<byte> message) => HMACSHA256.HashData(key, message);

    /// <summary>HMAC-SHA256 over <c>prefix + body</c> without copying the body more than once.</summary>
    public static byte[] Sha256(byte[] key, string prefix, byte[] body)
    {
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        var message = new byte[prefixBytes.Length + body.Length];
        prefixBytes.CopyTo(message, 0);
        body.CopyTo(message, prefixBytes.Length);
        return HMACSHA256.HashData(key, message);
    }

    /// <summary>True when the hex text encodes exactly <paramref name="expected"/>; constant-time in the digest.</summary>
    public static bool HexEquals(string? candidateHex, byte[] expected)
    {
        if (candidateHex is null || candidateHex.Length != expected.Length * 2)
            return false;
        byte[] candidate;
        try
        {
            candidate = Convert.FromHexString(candidateHex);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(candidate, expected);
    }

    /// <summary>True when the base64 text encodes exactly <paramref name="expected"/>; constant-time in the digest.</summary>
    public static bool Base64Equals(string? candidateBase64, byte[] expected)
    {
        if (string.IsNullOrEmpty(candidateBase64))
            return false;
        var buffer = new byte[expected.Length + 3];
        if (!Convert.TryFromBase64String(candidateBase64, buffer, out var written) || written != expected.Length)
            return false;
        return CryptographicOperations.FixedTimeEquals(buffer.AsSpan(0, written), expected);
    }

    /// <summary>Lower-case hex, as Stripe, Paddle and Creem send it.</summary>
    public static string ToHex(byte[] digest) => Convert.ToHexStringLower(digest);
}
