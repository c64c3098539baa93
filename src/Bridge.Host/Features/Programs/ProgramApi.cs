using System.Text.Json.Nodes;
using Bridge.Core.ApiKeys;
using Bridge.Core.Programs;
using Bridge.Host.Auth;

namespace Bridge.Host.Features.Programs;

/// <summary>
/// Affonso's <c>ProgramSettings</c> (SDK <c>program.retrieve</c>); <c>plan</c>/<c>plan_features</c> are Affonso billing and
/// always null here. Currency, commission base, terms URL and <c>updated_at</c> are the bridge's own.
/// </summary>
public sealed record ProgramResponse(
    string Id, string Name, string? Tagline, string? Category, string? Description, string? WebsiteUrl, string? LogoUrl, string AccessMode,
    bool AffiliateLinksEnabled, string? Plan, JsonElement? PlanFeatures, DateTimeOffset CreatedAt,
    string Currency, string CommissionBase, string? TermsUrl, DateTimeOffset UpdatedAt)
{
    public static ProgramResponse From(ProgramRecord p)
    {
        var details = p.Details;
        return new(p.Id, p.Name, details.Tagline, details.Category, details.Description, details.WebsiteUrl, details.LogoUrl, details.AccessMode,
            details.AffiliateLinksEnabled, null, null, p.CreatedAt, p.Currency, p.CommissionBase, details.TermsUrl, p.UpdatedAt);
    }
}

/// <summary>PATCH /v1/program: the SDK's <c>ProgramSettingsUpdateParams</c> plus the bridge's fields; null clears a nullable text field.</summary>
public sealed record ProgramPatch(
    string? Name, string? Tagline, string? Category, string? Description, string? WebsiteUrl, string? LogoUrl, string? AccessMode,
    bool? AffiliateLinksEnabled, string? Currency, string? CommissionBase, string? TermsUrl);

/// <summary>
/// GET/PATCH /v1/program and its settings documents (tracking, fraud-rules, payment-terms). A PATCH merges the fields
/// sent into the stored document; unknown fields are refused.
/// </summary>
public static class ProgramApi
{
    public static RouteGroupBuilder MapProgram(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/program").WithTags("Program");
        group.MapGet("/", async Task<Results<Ok<Envelope<ProgramResponse>>, JsonHttpResult<ErrorEnvelope>>> (ClaimsPrincipal user, ProgramStore programs, CancellationToken ct) =>
            await programs.GetForTeamAsync(user.TeamId(), ct) is { } program
                ? TypedResults.Ok(new Envelope<ProgramResponse>(ProgramResponse.From(program)))
                : ApiErrors.NotFound("Program")).RequireScope(ApiKeyScopes.ReadProgram);
        group.MapPatch("/", Patch).RequireScope(ApiKeyScopes.WriteProgram);

        MapDocument<TrackingSettings>(group, "/tracking", p => p.Tracking, (p, v) => WithTracking(p, v), v => v.Validate());
        MapDocument<FraudRules>(group, "/fraud-rules", p => p.FraudRules, (p, v) => WithFraudRules(p, v), v => v.Validate());
        group.MapPaymentTerms();
        return group;
    }

    private static async Task<Results<Ok<Envelope<ProgramResponse>>, JsonHttpResult<ErrorEnvelope>>> Patch(
        JsonObject json, ClaimsPrincipal user, ProgramStore programs, CancellationToken ct)
    {
        if (!JsonText.TryRead<ProgramPatch>(json, out var body, out var error))
            return error;
        var cleared = JsonText.Nulls(json);
        var checks = new Checks()
            .MaxLength("name", body.Name, 255)
            .That(body.Name is null || body.Name.Trim().Length > 0, "name", "name cannot be empty")
            .MaxLength("tagline", body.Tagline, 255)
            .MaxLength("category", body.Category, 255)
            .That(body.AccessMode is null || Bridge.Core.Programs.AccessMode.Normalize(body.AccessMode) is not null, "access_mode", "access_mode must be one of PUBLIC, PRIVATE, INVITE")
            .That(body.Currency is null || Currencies.Normalize(body.Currency) is not null, "currency", "currency must be a 3-letter ISO code")
            .OneOf("commission_base", body.CommissionBase, "total", "subtotal");
        foreach (var (field, url) in new[] { ("website_url", body.WebsiteUrl), ("logo_url", body.LogoUrl), ("terms_url", body.TermsUrl) })
            checks.That(url is null || Uri.TryCreate(url, UriKind.Absolute, out _), field, $"{field} must be an absolute URL");
        foreach (var field in new[] { "name", "access_mode", "affiliate_links_enabled", "currency", "commission_base" })
            checks.That(!cleared.Contains(field), field, $"{field} cannot be null");
        if (checks.Failed)
            return checks.Result;
        var program = await programs.GetForTeamAsync(user.TeamId(), ct);
        if (program is null)
            return ApiErrors.NotFound("Program");
        var details = program.Details;
        string? Text(string field, string? sent, string? current) => cleared.Contains(field) ? null : sent ?? current;
        var updated = await programs.UpdateAsync(new ProgramRecord
        {
            Id = program.Id,
            TeamId = program.TeamId,
            Name = body.Name?.Trim() ?? program.Name,
            Currency = Currencies.Normalize(body.Currency) ?? program.Currency,
            CommissionBase = body.CommissionBase ?? program.CommissionBase,
            SettingsJson = SettingsDocument.Serialize(details with
            {
                Tagline = Text("tagline", body.Tagline, details.Tagline),
                Category = Text("category", body.Category, details.Category),
                Description = Text("description", body.Description, details.Description),
                WebsiteUrl = Text("website_url", body.WebsiteUrl, details.WebsiteUrl),
                LogoUrl = Text("logo_url", body.LogoUrl, details.LogoUrl),
                TermsUrl = Text("terms_url", body.TermsUrl, details.TermsUrl),
                AccessMode = Bridge.Core.Programs.AccessMode.Normalize(body.AccessMode) ?? details.AccessMode,
                AffiliateLinksEnabled = body.AffiliateLinksEnabled ?? details.AffiliateLinksEnabled,
            }),
            TrackingJson = program.TrackingJson,
            FraudRulesJson = program.FraudRulesJson,
            PaymentTermsJson = program.PaymentTermsJson,
            CreatedAt = program.CreatedAt,
        }, ct);
        return TypedResults.Ok(new Envelope<ProgramResponse>(ProgramResponse.From(updated)));
    }

    /// <summary>GET and PATCH for one settings document stored on the program.</summary>
    private static void MapDocument<T>(RouteGroupBuilder group, string path, Func<ProgramRecord, T> read, Func<ProgramRecord, T, ProgramRecord> write,
        Func<T, IEnumerable<(string Field, string Message)>> validate)
    {
        group.MapGet(path, async Task<Results<Ok<Envelope<T>>, JsonHttpResult<ErrorEnvelope>>> (ClaimsPrincipal user, ProgramStore programs, CancellationToken ct) =>
            await programs.GetForTeamAsync(user.TeamId(), ct) is { } program
                ? TypedResults.Ok(new Envelope<T>(read(program)))
                : ApiErrors.NotFound("Program")).RequireScope(ApiKeyScopes.ReadProgram);

        group.MapPatch(path, async Task<Results<Ok<Envelope<T>>, JsonHttpResult<ErrorEnvelope>>> (JsonObject body, ClaimsPrincipal user, ProgramStore programs, CancellationToken ct) =>
        {
            var program = await programs.GetForTeamAsync(user.TeamId(), ct);
            if (program is null)
                return ApiErrors.NotFound("Program");
            T merged;
            try
            {
                merged = SettingsDocument.Merge(read(program), body);
            }
            catch (JsonException ex)
            {
                return ApiErrors.Validation(ex.Path?.TrimStart('$', '.') is { Length: > 0 } field ? field : "body", ex.Message);
            }
            catch (ArgumentException ex) when (JsonText.IsRepeatedProperty(ex))
            {
                return JsonText.RepeatedProperty(ex);
            }
            var problems = validate(merged).Select(p => new ErrorDetail(p.Field, p.Message)).ToList();
            if (problems.Count > 0)
                return ApiErrors.Validation(problems);
            var saved = await programs.UpdateAsync(write(program, merged), ct);
            return TypedResults.Ok(new Envelope<T>(read(saved)));
        }).RequireScope(ApiKeyScopes.WriteProgram);
    }

    private static ProgramRecord WithTracking(ProgramRecord p, TrackingSettings value) => Copy(p, tracking: SettingsDocument.Serialize(value));

    private static ProgramRecord WithFraudRules(ProgramRecord p, FraudRules value) => Copy(p, fraud: SettingsDocument.Serialize(value));

    internal static ProgramRecord Copy(ProgramRecord p, string? tracking = null, string? fraud = null, string? terms = null) => new()
    {
        Id = p.Id,
        TeamId = p.TeamId,
        Name = p.Name,
        Currency = p.Currency,
        CommissionBase = p.CommissionBase,
        SettingsJson = p.SettingsJson,
        TrackingJson = tracking ?? p.TrackingJson,
        FraudRulesJson = fraud ?? p.FraudRulesJson,
        PaymentTermsJson = terms ?? p.PaymentTermsJson,
        CreatedAt = p.CreatedAt,
    };
}
