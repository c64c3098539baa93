namespace Bridge.Core.Programs;

public static class FraudMode
{
    public const string Off = "off";
    public const string Detect = "detect";
    public const string Block = "block";

    public static bool IsValid(string? mode) => mode is Off or Detect or Block;
}

public sealed record RuleConfig
{
    public int Threshold { get; init; } = 1;
    public int WindowHours { get; init; } = 24;
}

/// <summary>
/// <c>/v1/program/fraud-rules</c>: Affonso's four rules plus the bridge's <c>disposable_email</c>. Each is
/// <c>off | detect | block</c>; detect flags the referral, block rejects it.
/// </summary>
public sealed record FraudRules
{
    public string SelfReferral { get; init; } = FraudMode.Detect;
    public string DuplicateIp { get; init; } = FraudMode.Detect;
    public string VpnProxy { get; init; } = FraudMode.Off;
    public string SuspiciousConversion { get; init; } = FraudMode.Off;
    public string DisposableEmail { get; init; } = FraudMode.Detect;
    public RuleConfig? SelfReferralConfig { get; init; }

    /// <summary>Never null: a PATCH sending <c>duplicate_ip_config: null</c> (the SDK allows it) restores the default.</summary>
    public RuleConfig DuplicateIpConfig { get => _duplicateIpConfig; init => _duplicateIpConfig = value ?? DefaultDuplicateIpConfig; }
    public RuleConfig? VpnProxyConfig { get; init; }
    public RuleConfig? SuspiciousConversionConfig { get; init; }
    public RuleConfig? DisposableEmailConfig { get; init; }

    private static readonly RuleConfig DefaultDuplicateIpConfig = new() { Threshold = 3, WindowHours = 24 };
    private readonly RuleConfig _duplicateIpConfig = DefaultDuplicateIpConfig;

    public IEnumerable<(string Field, string Message)> Validate()
    {
        foreach (var (field, mode) in new[]
                 {
                     ("self_referral", SelfReferral), ("duplicate_ip", DuplicateIp), ("vpn_proxy", VpnProxy),
                     ("suspicious_conversion", SuspiciousConversion), ("disposable_email", DisposableEmail),
                 })
        {
            if (!FraudMode.IsValid(mode))
                yield return (field, $"{field} must be one of off, detect, block");
        }
        if (DuplicateIpConfig.Threshold < 1)
            yield return ("duplicate_ip_config.threshold", "threshold must be at least 1");
        if (DuplicateIpConfig.WindowHours is < 1 or > 24 * 365)
            yield return ("duplicate_ip_config.window_hours", "window_hours must be between 1 and 8760");
    }
}

public sealed record Postback
{
    public string Url { get; init; } = "";
    public string Event { get; init; } = "";
    public bool Enabled { get; init; } = true;
}

/// <summary><c>/v1/program/tracking</c>.</summary>
public sealed record TrackingSettings
{
    public string DefaultReferralParameter { get; init; } = "ref";
    public IReadOnlyList<string> EnabledReferralParameters { get; init; } = ["ref", "via", "aff"];
    public bool TrackEmail { get; init; } = true;
    public bool TrackName { get; init; } = true;
    public IReadOnlyList<Postback> Postbacks { get; init; } = [];

    public IEnumerable<(string Field, string Message)> Validate()
    {
        if (string.IsNullOrWhiteSpace(DefaultReferralParameter))
            yield return ("default_referral_parameter", "default_referral_parameter is required");
        if (EnabledReferralParameters is null || EnabledReferralParameters.Any(string.IsNullOrWhiteSpace))
            yield return ("enabled_referral_parameters", "enabled_referral_parameters must be a list of parameter names");
        if (Postbacks is null || Postbacks.Any(postback => postback is null))
        {
            yield return ("postbacks", "postbacks must be a list of {url, event, enabled}");
            yield break;
        }
        foreach (var postback in Postbacks)
        {
            if (!Uri.TryCreate(postback.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                yield return ("postbacks.url", $"'{postback.Url}' is not an http(s) URL");
        }
    }
}

/// <summary>
/// The program-level fields of <c>/v1/program/payment-terms</c> that are not the commission rule itself (the rule —
/// type, rate, duration — is the default group's sale incentive, so changing it changes what new payments earn).
/// </summary>
public sealed record PaymentTermsExtras
{
    public decimal PaymentThreshold { get; init; } = 50m;
    public string PaymentFrequency { get; init; } = "monthly";
    public int CookieLifetime { get; init; } = 30;
    public bool AutoPayout { get; init; }
    public bool InvoiceRequired { get; init; }
    public string? InvoiceCompanyName { get; init; }
    public string? InvoiceAddress { get; init; }
    public string? InvoiceCity { get; init; }
    public string? InvoiceState { get; init; }
    public string? InvoicePostalCode { get; init; }
    public string? InvoiceCountry { get; init; }
    public string? InvoiceVatId { get; init; }
    public string? OwnerFirstName { get; init; }
    public string? OwnerLastName { get; init; }
    public string? OwnerEmail { get; init; }
}

public static class AccessMode
{
    public const string Public = "public";
    public const string Private = "private";
    public const string Invite = "invite";

    /// <summary>The SDK sends <c>PUBLIC | PRIVATE | INVITE</c>; stored and returned lower case like every API enum.</summary>
    public static string? Normalize(string? value) => value?.Trim().ToLowerInvariant() is Public or Private or Invite ? value.Trim().ToLowerInvariant() : null;
}

/// <summary>Free-form program descriptors returned by <c>GET /v1/program</c> (Affonso's <c>ProgramSettings</c>).</summary>
public sealed record ProgramDetails
{
    public string? Tagline { get; init; }
    public string? Category { get; init; }
    public string AccessMode { get; init; } = Programs.AccessMode.Public;
    public bool AffiliateLinksEnabled { get; init; } = true;
    public string? Description { get; init; }
    public string? WebsiteUrl { get; init; }
    public string? LogoUrl { get; init; }
    public string? TermsUrl { get; init; }
}
