namespace Bridge.Core.Money;

/// <summary>Exact integer arithmetic for commissions: no floating point anywhere.</summary>
public static class Rounding
{
    /// <summary>
    /// <c>value × numerator ÷ denominator</c>, rounded half away from zero to a whole minor unit
    /// (e.g. 30% of 0.05 USD = 1.5 cents → 2 cents; −1.5 → −2).
    /// </summary>
    public static long MulDiv(long value, long numerator, long denominator)
    {
        if (denominator == 0)
            throw new DivideByZeroException();
        var product = (Int128)value * numerator;
        var negative = (product < 0) != (denominator < 0);
        var absProduct = product < 0 ? -product : product;
        var absDenominator = denominator < 0 ? -(Int128)denominator : denominator;
        var quotient = absProduct / absDenominator;
        var remainder = absProduct % absDenominator;
        if (remainder * 2 >= absDenominator)
            quotient++;
        return (long)(negative ? -quotient : quotient);
    }
}
