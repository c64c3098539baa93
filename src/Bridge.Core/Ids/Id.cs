using System.Security.Cryptography;

namespace Bridge.Core.Ids;

/// <summary>
/// Prefixed, opaque, time-ordered identifiers such as <c>ref_01jd2k…</c>: 48 bits of milliseconds then 80 random
/// bits, Crockford base32 in lower case (ULID layout). Never sequential integers on the wire.
/// </summary>
public static class Id
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New(string prefix, TimeProvider? clock = null)
    {
        Span<byte> bytes = stackalloc byte[16];
        var millis = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(millis & 0xFF);
            millis >>= 8;
        }
        RandomNumberGenerator.Fill(bytes[6..]);
        return prefix + "_" + Encode(bytes);
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var value = new UInt128(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}

/// <summary>The id prefixes in use, in one place.</summary>
public static class IdPrefix
{
    public const string Team = "team";
    public const string ApiKey = "key";
    public const string Program = "prg";
    public const string Group = "grp";
    public const string Incentive = "inc";
    public const string Affiliate = "aff";
    public const string Referral = "ref";
    public const string Commission = "com";
    public const string Payment = "pmt";
    public const string LedgerEntry = "led";
    public const string Connection = "con";
    public const string InboundEvent = "evt";
    public const string Endpoint = "whe";
    public const string Delivery = "whd";
}
