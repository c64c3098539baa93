using System.Globalization;
using System.Net.Mail;

namespace Bridge.Host.Http;

/// <summary>Collects per-field validation problems; one 400 VALIDATION_ERROR lists them all.</summary>
public sealed class Checks
{
    private readonly List<ErrorDetail> _errors = [];

    public bool Failed => _errors.Count > 0;

    public JsonHttpResult<ErrorEnvelope> Result => ApiErrors.Validation(_errors);

    public Checks That(bool ok, string field, string message)
    {
        if (!ok)
            _errors.Add(new ErrorDetail(field, message));
        return this;
    }

    public Checks Required(string field, string? value) =>
        That(!string.IsNullOrWhiteSpace(value), field, $"{field} is required");

    public Checks MaxLength(string field, string? value, int max) =>
        That(value is null || value.Length <= max, field, $"{field} must be at most {max} characters");

    public Checks Email(string field, string? value) =>
        That(value is null || IsEmail(value), field, $"{field} is not a valid e-mail address");

    public Checks OneOf(string field, string? value, params string[] allowed) =>
        That(value is null || allowed.Contains(value), field, $"{field} must be one of {string.Join(", ", allowed)}");

    /// <summary>An integer query parameter within bounds, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string field, string? raw, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(raw))
            return fallback;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        That(false, field, $"{field} must be an integer between {min} and {max}");
        return fallback;
    }

    /// <summary>An ISO 8601 instant query parameter (a bare date means its start, UTC).</summary>
    public DateTimeOffset? Instant(string field, string? raw)
    {
        if (string.IsNullOrEmpty(raw))
            return null;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            return value;
        That(false, field, $"{field} must be an ISO 8601 date or timestamp");
        return null;
    }

    public static bool IsEmail(string value)
    {
        if (value.Length > 320 || value.Contains(' ') || !value.Contains('@'))
            return false;
        try
        {
            var address = new MailAddress(value);
            return address.Address == value && address.Host.Contains('.');
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
