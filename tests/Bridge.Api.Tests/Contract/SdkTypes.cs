using System.Globalization;

namespace Bridge.Api.Tests.Contract;

/// <summary>The TypeScript types a field may have in the SDK's response interfaces.</summary>
public enum Ts
{
    String,
    StringOrNull,
    Number,
    NumberOrNull,
    Boolean,

    /// <summary>A <c>string</c> documented as an ISO 8601 instant (<c>created_at</c> …).</summary>
    Instant,
    InstantOrNull,
    StringArray,
    Array,
    ObjectOrNull,

    /// <summary><c>unknown</c>: present, any JSON.</summary>
    Unknown,
}

/// <summary>
/// One response interface of <c>@affonso/sdk</c> 0.2.0 (field names and TypeScript types as declared in
/// <c>src/resources/*.ts</c> and <c>src/types.ts</c>). Only non-optional fields are listed: each must be present on the
/// wire (a missing property reads as <c>undefined</c>, which none of these types allows).
/// </summary>
public sealed record SdkType(string Name, params (string Field, Ts Type)[] Fields)
{
    public static readonly SdkType Click = new("Click",
        ("id", Ts.String), ("tracking_id", Ts.String), ("program_id", Ts.String), ("created_at", Ts.Instant));

    public static readonly SdkType Referral = new("Referral",
        ("id", Ts.String), ("affiliate_id", Ts.String), ("program_id", Ts.String), ("email", Ts.StringOrNull), ("customer_id", Ts.StringOrNull),
        ("subscription_id", Ts.StringOrNull), ("status", Ts.String), ("name", Ts.StringOrNull), ("metadata", Ts.Unknown),
        ("created_at", Ts.Instant), ("converted_at", Ts.InstantOrNull));

    public static readonly SdkType ReferralStats = new("ReferralStats",
        ("total_revenue", Ts.Number), ("total_commission", Ts.Number), ("total_orders", Ts.Number), ("last_order_at", Ts.InstantOrNull));

    public static readonly SdkType Affiliate = new("Affiliate",
        ("id", Ts.String), ("name", Ts.StringOrNull), ("email", Ts.StringOrNull), ("tracking_id", Ts.StringOrNull), ("source", Ts.StringOrNull),
        ("partnership_status", Ts.StringOrNull), ("onboarding_completed", Ts.Boolean), ("program_id", Ts.StringOrNull), ("group_id", Ts.StringOrNull),
        ("external_user_id", Ts.StringOrNull), ("metadata", Ts.Unknown), ("created_at", Ts.Instant));

    public static readonly SdkType CommissionOverride = new("CommissionOverride",
        ("id", Ts.String), ("incentive_id", Ts.String), ("incentive_name", Ts.String), ("incentive_type", Ts.String), ("amount", Ts.Number),
        ("is_percentage", Ts.Boolean), ("apply_to", Ts.String), ("product_ids", Ts.StringArray), ("approval_type", Ts.String),
        ("hold_period_days", Ts.NumberOrNull), ("incentive_length", Ts.String), ("length_value", Ts.NumberOrNull),
        ("variable_commission", Ts.Boolean), ("variable_config", Ts.Unknown));

    public static readonly SdkType OffsetPaginationMeta = new("OffsetPaginationMeta",
        ("page", Ts.Number), ("limit", Ts.Number), ("total", Ts.Number), ("total_pages", Ts.Number), ("has_next_page", Ts.Boolean), ("has_prev_page", Ts.Boolean));

    public static readonly SdkType DeleteResponse = new("DeleteResponse", ("success", Ts.Boolean), ("message", Ts.String));

    public static readonly SdkType ProgramSettings = new("ProgramSettings",
        ("id", Ts.String), ("name", Ts.String), ("tagline", Ts.StringOrNull), ("category", Ts.StringOrNull), ("description", Ts.StringOrNull),
        ("website_url", Ts.StringOrNull), ("logo_url", Ts.StringOrNull), ("access_mode", Ts.String), ("affiliate_links_enabled", Ts.Boolean),
        ("plan", Ts.StringOrNull), ("plan_features", Ts.ObjectOrNull), ("created_at", Ts.Instant));

    public static readonly SdkType TrackingSettings = new("TrackingSettings",
        ("default_referral_parameter", Ts.String), ("enabled_referral_parameters", Ts.StringArray), ("track_email", Ts.Boolean),
        ("track_name", Ts.Boolean), ("postbacks", Ts.Array));

    public static readonly SdkType TrackingPostback = new("TrackingPostback", ("url", Ts.String), ("event", Ts.String), ("enabled", Ts.Boolean));

    public static readonly SdkType FraudRules = new("FraudRules",
        ("self_referral", Ts.String), ("self_referral_config", Ts.ObjectOrNull), ("duplicate_ip", Ts.String), ("duplicate_ip_config", Ts.ObjectOrNull),
        ("vpn_proxy", Ts.String), ("vpn_proxy_config", Ts.ObjectOrNull), ("suspicious_conversion", Ts.String),
        ("suspicious_conversion_config", Ts.ObjectOrNull));

    public static readonly SdkType FraudRuleConfig = new("FraudRuleConfig", ("threshold", Ts.NumberOrNull), ("window_hours", Ts.NumberOrNull));

    public static readonly SdkType PaymentTerms = new("PaymentTerms",
        ("commission_type", Ts.String), ("commission_rate", Ts.Number), ("commission_duration", Ts.String), ("commission_duration_value", Ts.NumberOrNull),
        ("payment_threshold", Ts.Number), ("payment_frequency", Ts.String), ("cookie_lifetime", Ts.Number), ("auto_payout", Ts.Boolean),
        ("invoice_required", Ts.Boolean), ("invoice_company_name", Ts.StringOrNull), ("invoice_address", Ts.StringOrNull), ("invoice_city", Ts.StringOrNull),
        ("invoice_state", Ts.StringOrNull), ("invoice_postal_code", Ts.StringOrNull), ("invoice_country", Ts.StringOrNull), ("invoice_vat_id", Ts.StringOrNull),
        ("owner_first_name", Ts.StringOrNull), ("owner_last_name", Ts.StringOrNull), ("owner_email", Ts.StringOrNull));

    public static readonly SdkType Group = new("Group",
        ("id", Ts.String), ("name", Ts.String), ("description", Ts.StringOrNull), ("is_default", Ts.Boolean), ("affiliate_count", Ts.Number),
        ("created_at", Ts.Instant));

    public static readonly SdkType GroupIncentive = new("GroupIncentive",
        ("id", Ts.String), ("name", Ts.String), ("type", Ts.String), ("amount", Ts.Number), ("is_percentage", Ts.Boolean), ("apply_to", Ts.String),
        ("product_ids", Ts.StringArray), ("approval_type", Ts.String), ("hold_period_days", Ts.NumberOrNull), ("incentive_length", Ts.String),
        ("length_value", Ts.NumberOrNull), ("variable_commission", Ts.Boolean), ("variable_config", Ts.Unknown));

    /// <summary>Asserts <paramref name="node"/> is an object with every field of this type, each of its declared type.</summary>
    public JsonObject AssertShape(JsonNode? node)
    {
        Assert.True(node is JsonObject, $"{Name}: expected an object, got {node?.ToJsonString() ?? "null"}");
        var obj = (JsonObject)node!;
        foreach (var (field, type) in Fields)
        {
            Assert.True(obj.ContainsKey(field), $"{Name}.{field} is missing in {obj.ToJsonString()}");
            Assert.True(Matches(obj[field], type), $"{Name}.{field} should be {type}, is {obj[field]?.ToJsonString() ?? "null"}");
        }
        return obj;
    }

    /// <summary>Asserts an array whose every element has this shape.</summary>
    public JsonArray AssertArray(JsonNode? node)
    {
        Assert.True(node is JsonArray, $"{Name}[]: expected an array, got {node?.ToJsonString() ?? "null"}");
        foreach (var item in node!.AsArray())
            AssertShape(item);
        return node.AsArray();
    }

    private static bool Matches(JsonNode? value, Ts type) => type switch
    {
        Ts.String => IsString(value),
        Ts.StringOrNull => value is null || IsString(value),
        Ts.Number => IsNumber(value),
        Ts.NumberOrNull => value is null || IsNumber(value),
        Ts.Boolean => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        Ts.Instant => IsInstant(value),
        Ts.InstantOrNull => value is null || IsInstant(value),
        Ts.StringArray => value is JsonArray array && array.All(IsString),
        Ts.Array => value is JsonArray,
        Ts.ObjectOrNull => value is null or JsonObject,
        _ => true,
    };

    private static bool IsString(JsonNode? value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    private static bool IsNumber(JsonNode? value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    /// <summary>ISO 8601 in UTC, as <c>new Date(...)</c> and Affonso's examples have it.</summary>
    private static bool IsInstant(JsonNode? value) =>
        IsString(value) && value!.GetValue<string>().EndsWith('Z')
        && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);
}
