using System.Globalization;
using System.Text.Json.Nodes;
using Bridge.Core.Affiliates;
using Bridge.Core.Commissions;
using Bridge.Core.Referrals;

namespace Bridge.Core.Outbound;

/// <summary>
/// The <c>data</c> of Affonso's webhook events: camelCase keys and UPPERCASE enums (reference §7). Amounts are
/// decimal major units, like the API.
/// </summary>
public static class OutboundPayloads
{
    public static JsonObject Referral(Referral r, string? trackingId) => new()
    {
        ["referralId"] = r.Id,
        ["affiliateId"] = r.AffiliateId,
        ["affiliateProgramId"] = r.ProgramId,
        ["trackingId"] = trackingId,
        ["status"] = r.Status.ToUpperInvariant(),
        ["email"] = r.Email,
        ["customerId"] = r.CustomerId,
        ["ip"] = r.Ip,
        ["referrer"] = r.Referrer,
    };

    public static JsonObject Transaction(Commission c) => new()
    {
        ["transactionId"] = c.Id,
        ["referralId"] = c.ReferralId,
        ["affiliateId"] = c.AffiliateId,
        ["saleAmount"] = Currencies.ToMajor(c.SaleAmountMinor, c.SaleCurrency),
        ["saleCurrency"] = c.SaleCurrency,
        ["commissionAmount"] = Currencies.ToMajor(c.CommissionAmountMinor, c.CommissionCurrency),
        ["commissionCurrency"] = c.CommissionCurrency,
        ["salesStatus"] = c.SalesStatus.ToUpperInvariant(),
        ["commissionStatus"] = c.Status.ToUpperInvariant(),
        ["type"] = c.EarningType == EarningType.Lead ? "BONUS" : "COMMISSION",
        ["holdPeriodDays"] = c.HoldPeriodDays,
        ["invoiceId"] = c.InvoiceId,
        ["createdAt"] = Instant(c.CreatedAt),
        ["updatedAt"] = Instant(c.UpdatedAt),
    };

    public static JsonObject Affiliate(Affiliate a) => new()
    {
        ["affiliateId"] = a.Id,
        ["email"] = a.Email,
        ["accountStatus"] = a.PartnershipStatus switch
        {
            PartnershipStatus.Approved => "ACTIVE",
            PartnershipStatus.Rejected => "REJECTED",
            _ => "PENDING",
        },
        ["affiliateProgramId"] = a.ProgramId,
        ["partnershipStatus"] = a.PartnershipStatus.ToUpperInvariant(),
        ["trackingId"] = a.TrackingId,
        ["source"] = a.Source.ToUpperInvariant(),
        ["groupId"] = a.GroupId,
        ["onboardingCompleted"] = a.OnboardingCompleted,
        ["country"] = null,
        ["promoCodes"] = new JsonArray(),
        ["createdAt"] = Instant(a.CreatedAt),
        ["updatedAt"] = Instant(a.UpdatedAt),
    };

    /// <summary><c>{"id", "type", "createdAt", "data"}</c>.</summary>
    public static string Envelope(string eventId, string type, DateTimeOffset createdAt, JsonObject data) => new JsonObject
    {
        ["id"] = eventId,
        ["type"] = type,
        ["createdAt"] = Instant(createdAt),
        ["data"] = data.DeepClone(),
    }.ToJsonString();

    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
