namespace Bridge.Core.Money;

/// <summary>
/// ISO 4217 minor-unit exponents. Money is stored as integer minor units plus the currency code; the exponent is only
/// used to convert to and from the decimal major-unit amounts of the HTTP API.
/// </summary>
public static class Currencies
{
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.Ordinal)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    private static readonly HashSet<string> ThreeDecimal = new(StringComparer.Ordinal)
    {
        "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
    };

    private static readonly HashSet<string> FourDecimal = new(StringComparer.Ordinal) { "CLF", "UYW" };

    /// <summary>Upper-case three-letter code, or null when the text is not one.</summary>
    public static string? Normalize(string? code)
    {
        if (code is null)
            return null;
        var trimmed = code.Trim();
        if (trimmed.Length != 3 || !trimmed.All(char.IsAsciiLetter))
            return null;
        return trimmed.ToUpperInvariant();
    }

    public static int Exponent(string currency)
    {
        var code = Normalize(currency) ?? throw new ArgumentException($"'{currency}' is not a currency code", nameof(currency));
        if (ZeroDecimal.Contains(code)) return 0;
        if (ThreeDecimal.Contains(code)) return 3;
        if (FourDecimal.Contains(code)) return 4;
        return 2;
    }

    /// <summary>
    /// Converts a major-unit amount (e.g. 99.5 USD) to minor units (9950). Fails, rather than rounds, when the amount
    /// has more decimals than the currency allows.
    /// </summary>
    public static bool TryToMinor(decimal major, string currency, out long minor)
    {
        minor = 0;
        if (major > long.MaxValue || major < long.MinValue)
            return false; // would not fit in minor units anyway, and scaling it could overflow decimal
        var scaled = major * Pow10(Exponent(currency));
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue)
            return false;
        minor = (long)scaled;
        return true;
    }

    /// <summary>Minor units to a major-unit decimal without trailing zeros (9950 USD → 99.5, 29700 JPY → 29700).</summary>
    public static decimal ToMajor(long minor, string currency)
    {
        var major = minor / Pow10(Exponent(currency));
        return major / 1.0000000000000000000000000000m;
    }

    private static decimal Pow10(int exponent) => exponent switch
    {
        0 => 1m,
        1 => 10m,
        2 => 100m,
        3 => 1000m,
        _ => 10000m,
    };
}
