namespace Bridge.Core.Tests.Money;

public sealed class CurrenciesTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("usd", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    [InlineData("EUR", 2)]
    [InlineData("CLF", 4)]
    public void ExponentComesFromTheCurrency(string currency, int exponent) =>
        Assert.Equal(exponent, Currencies.Exponent(currency));

    [Theory]
    [InlineData("99.5", "USD", 9950)]
    [InlineData("99", "USD", 9900)]
    [InlineData("4980", "JPY", 4980)]
    [InlineData("5.12", "KWD", 5120)]
    [InlineData("0.001", "KWD", 1)]
    public void MajorAmountsConvertExactlyToMinorUnits(string major, string currency, long minor)
    {
        Assert.True(Currencies.TryToMinor(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), currency, out var converted));
        Assert.Equal(minor, converted);
    }

    [Theory]
    [InlineData("99.555", "USD")]
    [InlineData("10.5", "JPY")]
    [InlineData("1.0001", "KWD")]
    public void TooManyDecimalsAreRefusedNotRounded(string major, string currency) =>
        Assert.False(Currencies.TryToMinor(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), currency, out _));

    [Theory]
    [InlineData(9950, "USD", "99.5")]
    [InlineData(2970, "USD", "29.7")]
    [InlineData(9900, "USD", "99")]
    [InlineData(4980, "JPY", "4980")]
    [InlineData(5125, "KWD", "5.125")]
    [InlineData(-1485, "USD", "-14.85")]
    public void MinorUnitsConvertToMajorWithoutTrailingZeros(long minor, string currency, string expected) =>
        Assert.Equal(expected, Currencies.ToMajor(minor, currency).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("us")]
    [InlineData("US1")]
    [InlineData("")]
    [InlineData(null)]
    public void NonCodesDoNotNormalize(string? code) => Assert.Null(Currencies.Normalize(code));
}

public sealed class RoundingTests
{
    [Theory]
    [InlineData(9900, 300_000, 1_000_000, 2970)]   // 30 % of 99.00
    [InlineData(5, 300_000, 1_000_000, 2)]         // 1.5 → 2 (half away from zero)
    [InlineData(-5, 300_000, 1_000_000, -2)]       // -1.5 → -2
    [InlineData(4, 300_000, 1_000_000, 1)]         // 1.2 → 1
    [InlineData(2970, 4950, 9900, 1485)]           // 29.70 × 49.50 / 99.00 = 14.85
    [InlineData(long.MaxValue / 2, 3, 3, long.MaxValue / 2)]
    public void MulDivRoundsHalfAwayFromZero(long value, long numerator, long denominator, long expected) =>
        Assert.Equal(expected, Rounding.MulDiv(value, numerator, denominator));
}

public sealed class IdTests
{
    [Fact]
    public void IdsArePrefixedOpaqueAndUnique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Id.New("ref")).ToList();
        Assert.All(ids, id => Assert.Matches("^ref_[0-9a-hjkmnp-tv-z]{26}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void IdsSortByCreationTime()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var first = Id.New("com", clock);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = Id.New("com", clock);
        Assert.True(string.CompareOrdinal(first, second) < 0);
    }
}
