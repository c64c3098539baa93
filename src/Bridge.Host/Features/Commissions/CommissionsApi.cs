using Bridge.Core.Affiliates;
using Bridge.Core.ApiKeys;
using Bridge.Core.Commissions;
using Bridge.Core.Programs;
using Bridge.Core.Referrals;
using Bridge.Host.Auth;
using Bridge.Host.Features.Affiliates;
using Bridge.Host.Features.Programs;
using Bridge.Host.Features.Referrals;

namespace Bridge.Host.Features.Commissions;

/// <summary>Commissions: offset-paginated list, fetch (with its ledger), manual create, update, delete.</summary>
public static class CommissionsApi
{
    public static RouteGroupBuilder MapCommissions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/commissions").WithTags("Commissions");
        group.MapGet("/", List).RequireScope(ApiKeyScopes.ReadCommissions);
        group.MapGet("/{id}", async Task<Results<Ok<Envelope<CommissionResponse>>, JsonHttpResult<ErrorEnvelope>>> (
            string id, HttpRequest request, ClaimsPrincipal user, CommissionStore commissions, AffiliateStore affiliates, ProgramStore programs, ReferralStore referrals,
            CancellationToken ct) =>
            await commissions.GetAsync(user.TeamId(), id, ct) is { } found
                ? TypedResults.Ok(new Envelope<CommissionResponse>(
                    (await ExpandAsync(request, user.TeamId(), [CommissionResponse.From(found)], affiliates, programs, referrals, ct))[0]))
                : ApiErrors.NotFound("Commission")).RequireScope(ApiKeyScopes.ReadCommissions);
        group.MapGet("/{id}/ledger", async Task<Results<Ok<Envelope<IReadOnlyList<LedgerEntryResponse>>>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, CommissionStore commissions, CancellationToken ct) =>
        {
            var teamId = user.TeamId();
            if (await commissions.GetAsync(teamId, id, ct) is not { } found)
                return ApiErrors.NotFound("Commission");
            var ledger = await commissions.LedgerAsync(teamId, id, ct);
            return TypedResults.Ok(new Envelope<IReadOnlyList<LedgerEntryResponse>>(ledger.Select(e => new LedgerEntryResponse(e.Id, e.Cause, e.CauseEventId,
                Currencies.ToMajor(e.SaleDeltaMinor, found.SaleCurrency), Currencies.ToMajor(e.CommissionDeltaMinor, found.CommissionCurrency),
                e.StatusAfter, e.SalesStatusAfter, e.Note, e.CreatedAt)).ToList()));
        }).RequireScope(ApiKeyScopes.ReadCommissions).WithSummary("Every change to the commission, with its cause.");
        group.MapPost("/", Create).RequireScope(ApiKeyScopes.WriteCommissions);
        group.MapPut("/{id}", Update).RequireScope(ApiKeyScopes.WriteCommissions);
        group.MapDelete("/{id}", async Task<Results<Ok<MessageEnvelope>, JsonHttpResult<ErrorEnvelope>>> (string id, ClaimsPrincipal user, CommissionStore commissions, CancellationToken ct) =>
            await commissions.DeleteAsync(user.TeamId(), id, ct)
                ? TypedResults.Ok(new MessageEnvelope("Commission deleted successfully"))
                : ApiErrors.NotFound("Commission")).RequireScope(ApiKeyScopes.DeleteCommissions);
        return group;
    }

    private static async Task<Results<Ok<PageEnvelope<CommissionResponse>>, JsonHttpResult<ErrorEnvelope>>> List(
        HttpRequest request, ClaimsPrincipal user, CommissionStore commissions, AffiliateStore affiliates, ProgramStore programs, ReferralStore referrals, CancellationToken ct)
    {
        var q = request.Query;
        var checks = new Checks();
        var page = checks.Int("page", q["page"], 1, 1, 1_000_000);
        var limit = checks.Int("limit", q["limit"], 10, 1, 100);
        var filter = new CommissionFilter(Blank(q["status"]), Blank(q["sales_status"]), Blank(q["referral_id"]), Blank(q["affiliate_id"]),
            checks.Instant("dateFrom", q["dateFrom"]), checks.Instant("dateTo", q["dateTo"]), Blank(q["sort"]) ?? "-created_at");
        checks.That(filter.Status is null || CommissionStatus.All.Contains(filter.Status), "status", $"status must be one of {string.Join(", ", CommissionStatus.All)}")
            .That(filter.SalesStatus is null || SalesStatus.All.Contains(filter.SalesStatus), "sales_status", $"sales_status must be one of {string.Join(", ", SalesStatus.All)}")
            .That(CommissionStore.Sorts.ContainsKey(filter.Sort), "sort", $"sort must be one of {string.Join(", ", CommissionStore.Sorts.Keys)}");
        if (checks.Failed)
            return checks.Result;
        var (items, total) = await commissions.ListAsync(user.TeamId(), filter, page, limit, ct);
        var responses = await ExpandAsync(request, user.TeamId(), items.Select(CommissionResponse.From).ToList(), affiliates, programs, referrals, ct);
        return TypedResults.Ok(new PageEnvelope<CommissionResponse>(responses, Pagination.Of(page, limit, total)));
    }

    /// <summary>
    /// SDK <c>CommissionExpand</c>: <c>expand=affiliate,affiliate_program,referral</c> (comma-separated or repeated) adds those
    /// objects; unknown names are ignored, as the other resources do.
    /// </summary>
    private static async Task<List<CommissionResponse>> ExpandAsync(HttpRequest request, string teamId, List<CommissionResponse> items,
        AffiliateStore affiliates, ProgramStore programs, ReferralStore referrals, CancellationToken ct)
    {
        var names = request.Query["expand"].SelectMany(value => (value ?? "").Split(',')).Select(value => value.Trim()).ToHashSet();
        if (names.Contains("affiliate"))
        {
            var byId = new Dictionary<string, AffiliateResponse?>();
            foreach (var id in items.Select(c => c.AffiliateId).OfType<string>().Distinct())
                byId[id] = await affiliates.GetAsync(teamId, id, ct) is { } found ? AffiliateResponse.From(found) : null;
            items = items.Select(c => c with { Affiliate = c.AffiliateId is null ? null : byId[c.AffiliateId] }).ToList();
        }
        if (names.Contains("affiliate_program") && await programs.GetForTeamAsync(teamId, ct) is { } program)
            items = items.Select(c => c with { AffiliateProgram = c.ProgramId == program.Id ? ProgramResponse.From(program) : null }).ToList();
        if (names.Contains("referral"))
        {
            var byId = new Dictionary<string, ReferralResponse?>();
            foreach (var id in items.Select(c => c.ReferralId).Distinct())
                byId[id] = await referrals.GetAsync(teamId, id, ct) is { } found ? ReferralResponse.From(found) : null;
            items = items.Select(c => c with { Referral = byId[c.ReferralId] }).ToList();
        }
        return items;
    }

    private static async Task<Results<Created<Envelope<CommissionResponse>>, JsonHttpResult<ErrorEnvelope>>> Create(
        CommissionRequest body, ClaimsPrincipal user, CommissionStore commissions, ReferralStore referrals, TimeProvider clock, CancellationToken ct)
    {
        var checks = new Checks()
            .Required("referral_id", body.ReferralId)
            .That(body.SaleAmount is > 0, "sale_amount", "sale_amount is required and must be greater than 0")
            .That(body.CommissionAmount is >= 0, "commission_amount", "commission_amount is required and must not be negative");
        var saleCurrency = Money(checks, "sale_amount", body.SaleAmount, body.SaleAmountCurrency ?? "USD", out var saleMinor);
        var commissionCurrency = Money(checks, "commission_amount", body.CommissionAmount, body.CommissionCurrency ?? "USD", out var commissionMinor);
        CheckStatuses(checks, body.Status, body.SalesStatus);
        checks.That(body.HoldPeriodDays is null or >= 0, "hold_period_days", "hold_period_days must not be negative");
        if (checks.Failed)
            return checks.Result;
        var teamId = user.TeamId();
        var referral = await referrals.GetAsync(teamId, body.ReferralId!, ct);
        if (referral is null)
            return ApiErrors.NotFound("Referral");
        var created = await commissions.CreateManualAsync(new Commission
        {
            Id = Id.New(IdPrefix.Commission, clock),
            TeamId = teamId,
            ProgramId = referral.ProgramId,
            ReferralId = referral.Id,
            AffiliateId = referral.AffiliateId,
            EarningType = EarningType.Manual,
            OriginalSaleMinor = saleMinor,
            SaleAmountMinor = saleMinor,
            SaleCurrency = saleCurrency!,
            OriginalCommissionMinor = commissionMinor,
            CommissionAmountMinor = commissionMinor,
            CommissionCurrency = commissionCurrency!,
            Status = body.Status ?? CommissionStatus.Pending,
            SalesStatus = body.SalesStatus ?? SalesStatus.Complete,
            HoldPeriodDays = body.HoldPeriodDays,
            HoldUntil = body.HoldPeriodDays is > 0 ? (body.CreatedAt ?? clock.GetUtcNow()).AddDays(body.HoldPeriodDays.Value) : null,
            PaymentIntentId = body.PaymentIntentId,
            CalculationMode = "manual",
            IsSubscription = body.IsSubscription ?? false,
            CreatedAt = body.CreatedAt ?? clock.GetUtcNow(),
        }, ct);
        return TypedResults.Created($"/v1/commissions/{created.Id}", new Envelope<CommissionResponse>(CommissionResponse.From(created)));
    }

    private static async Task<Results<Ok<Envelope<CommissionResponse>>, JsonHttpResult<ErrorEnvelope>>> Update(
        string id, CommissionRequest body, ClaimsPrincipal user, CommissionStore commissions, CancellationToken ct)
    {
        var teamId = user.TeamId();
        var current = await commissions.GetAsync(teamId, id, ct);
        if (current is null)
            return ApiErrors.NotFound("Commission");
        // A clawback's amounts are negative (money taken back); every other commission's are not.
        var sign = current.EarningType == EarningType.Clawback ? -1 : 1;
        var checks = new Checks()
            .That(body.SaleAmount is null || body.SaleAmount * sign >= 0, "sale_amount", sign > 0 ? "sale_amount must not be negative" : "a clawback's sale_amount must not be positive")
            .That(body.CommissionAmount is null || body.CommissionAmount * sign >= 0, "commission_amount",
                sign > 0 ? "commission_amount must not be negative" : "a clawback's commission_amount must not be positive")
            .That(body.HoldPeriodDays is null or >= 0, "hold_period_days", "hold_period_days must not be negative");
        var saleCurrency = Money(checks, "sale_amount", body.SaleAmount, body.SaleAmountCurrency ?? current.SaleCurrency, out var saleMinor);
        var commissionCurrency = Money(checks, "commission_amount", body.CommissionAmount, body.CommissionCurrency ?? current.CommissionCurrency, out var commissionMinor);
        CheckStatuses(checks, body.Status, body.SalesStatus);
        if (checks.Failed)
            return checks.Result;
        var updated = await commissions.UpdateAsync(teamId, id, new CommissionChanges(body.Status, body.SalesStatus, body.HoldPeriodDays,
            body.SaleAmount is null ? null : saleMinor, body.SaleAmountCurrency is null ? null : saleCurrency,
            body.CommissionAmount is null ? null : commissionMinor, body.CommissionCurrency is null ? null : commissionCurrency), ct);
        return updated is null ? ApiErrors.NotFound("Commission") : TypedResults.Ok(new Envelope<CommissionResponse>(CommissionResponse.From(updated)));
    }

    /// <summary>Validates a decimal amount against its currency's decimals; returns the normalized currency.</summary>
    internal static string? Money(Checks checks, string field, decimal? amount, string currency, out long minor)
    {
        minor = 0;
        var code = Currencies.Normalize(currency);
        checks.That(code is not null, field + "_currency", $"{field}_currency must be a 3-letter ISO code");
        if (code is not null && amount is { } value)
            checks.That(Currencies.TryToMinor(value, code, out minor), field, $"{field} has more decimals than {code} allows");
        return code;
    }

    private static void CheckStatuses(Checks checks, string? status, string? salesStatus) => checks
        .That(status is null || CommissionStatus.All.Contains(status), "status", $"status must be one of {string.Join(", ", CommissionStatus.All)}")
        .That(salesStatus is null || SalesStatus.All.Contains(salesStatus), "sales_status", $"sales_status must be one of {string.Join(", ", SalesStatus.All)}");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
