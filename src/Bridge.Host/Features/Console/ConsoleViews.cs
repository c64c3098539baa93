using Bridge.Core.Commissions;
using Bridge.Core.Inbox;
using Bridge.Core.Outbound;
using Bridge.Core.Referrals;
using Bridge.Host.Features.Webhooks;

namespace Bridge.Host.Features.Console;

/// <summary>What each console page renders; the handlers load it, the pages only show it.</summary>
public sealed record LoginView(CsrfToken Csrf, string ReturnUrl, string? Error);

public sealed record MessageView(ConsoleSession? Session, string Title, string Text);

public sealed record EventFilter(string? Provider, string? Status, string? Type, string? Search);

public sealed record EventsView(ConsoleSession Session, EventFilter Filter, IReadOnlyList<InboundEvent> Events, bool HasMore,
    IReadOnlyList<RejectedWebhook> Refused, IReadOnlyList<string> Providers);

public sealed record EventView(ConsoleSession Session, InboundEvent Event, IReadOnlyList<InboundAttempt> Attempts, IReadOnlyList<InboundPayment> Payments,
    IReadOnlyList<Commission> Commissions, string Payload);

public sealed record ReferralsView(ConsoleSession Session, string? Status, IReadOnlyList<Referral> Referrals, bool HasMore);

public sealed record ReferralView(ConsoleSession Session, Referral Referral, IReadOnlyList<Commission> Commissions);

public sealed record CommissionsView(ConsoleSession Session, string? Status, IReadOnlyList<Commission> Commissions, long Total, int Page, int PageSize);

public sealed record CommissionView(ConsoleSession Session, Commission Commission, IReadOnlyList<LedgerEntry> Ledger);

public sealed record DeliveriesView(ConsoleSession Session, string? Status, IReadOnlyList<OutboundDelivery> Deliveries, bool HasMore);

/// <summary>One delivery; the endpoint is shown by URL and state only (its signing secret never reaches a page).</summary>
public sealed record DeliveryView(ConsoleSession Session, OutboundDelivery Delivery, string? EndpointUrl, bool EndpointEnabled, string? EndpointDisabledReason,
    IReadOnlyList<OutboundAttempt> Attempts, string Payload);

/// <summary>How values read on the pages.</summary>
public static class ConsoleFormat
{
    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "—";

    public static string Money(long minor, string currency) =>
        Currencies.Normalize(currency) is { } code
            ? Currencies.ToMajor(minor, code).ToString("N" + Currencies.Exponent(code), System.Globalization.CultureInfo.InvariantCulture) + " " + code
            : minor.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (minor units)";

    public static IReadOnlyList<string> Ids(string? spaceSeparated) => spaceSeparated?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The raw body, indented when it is JSON (the page encodes it; nothing here is trusted markup).</summary>
    public static string Payload(byte[] body) => Payload(System.Text.Encoding.UTF8.GetString(body));

    public static string Payload(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
