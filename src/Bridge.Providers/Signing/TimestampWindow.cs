namespace Bridge.Providers.Signing;

/// <summary>Checks a signed Unix timestamp against the clock, both ways (too old and too new).</summary>
public static class TimestampWindow
{
    public static string? Check(string? unixSeconds, TimeSpan tolerance, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(unixSeconds) || !long.TryParse(unixSeconds, out var seconds))
            return "the signature timestamp is missing or not a number";
        var skew = now.ToUnixTimeSeconds() - seconds;
        if (skew > tolerance.TotalSeconds)
            return $"the signature timestamp is too old ({skew} s; tolerance {tolerance.TotalSeconds:0} s)";
        if (-skew > tolerance.TotalSeconds)
            return $"the signature timestamp is in the future ({-skew} s; tolerance {tolerance.TotalSeconds:0} s)";
        return null;
    }
}
