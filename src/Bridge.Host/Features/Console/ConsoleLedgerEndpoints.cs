using Bridge.Core.Commissions;
using Bridge.Host.Auth;
using Bridge.Core.Referrals;
using Bridge.Host.Features.Console.Pages;

namespace Bridge.Host.Features.Console;

/// <summary>Referrals and commissions in the console, read-only: lists, one referral with its commissions, one commission with its ledger.</summary>
public static class ConsoleLedgerEndpoints
{
    private const int PageSize = 50;

    public static RouteGroupBuilder MapConsoleLedger(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapConsoleGroup();
        group.MapGet("/referrals", ListReferralsAsync);
        group.MapGet("/referrals/{id}", GetReferralAsync);
        group.MapGet("/commissions", ListCommissionsAsync);
        group.MapGet("/commissions/{id}", GetCommissionAsync);
        return group;
    }

    private static async Task<RazorComponentResult<ReferralsPage>> ListReferralsAsync(HttpContext http, ReferralStore referrals,
        string? status, [FromQuery(Name = "starting_after")] string? startingAfter, CancellationToken ct)
    {
        var known = ReferralStatus.IsWritable(status) ? status : null;
        var (items, hasMore) = await referrals.ListAsync(http.User.TeamId(),
            new ReferralQuery(PageSize, StartingAfter: string.IsNullOrWhiteSpace(startingAfter) ? null : startingAfter, Status: known), ct);
        return ConsolePages.Render<ReferralsPage>(new ReferralsView(ConsoleSession.From(http), known, items, hasMore));
    }

    private static async Task<Results<RazorComponentResult<ReferralPage>, RazorComponentResult<MessagePage>>> GetReferralAsync(
        string id, HttpContext http, ReferralStore referrals, CommissionStore commissions, CancellationToken ct)
    {
        var teamId = http.User.TeamId();
        if (await referrals.GetAsync(teamId, id, ct) is not { } referral)
            return ConsolePages.NotFound(http, "referral");
        var (items, _) = await commissions.ListAsync(teamId, new CommissionFilter(null, null, referral.Id, null, null, null, "created_at"), 1, 100, ct);
        return ConsolePages.Render<ReferralPage>(new ReferralView(ConsoleSession.From(http), referral, items));
    }

    private static async Task<RazorComponentResult<CommissionsPage>> ListCommissionsAsync(HttpContext http, CommissionStore commissions,
        string? status, string? page, CancellationToken ct)
    {
        var known = CommissionStatus.All.FirstOrDefault(value => value == status);
        var number = int.TryParse(page, out var parsed) && parsed is >= 1 and <= 100_000 ? parsed : 1;
        var (items, total) = await commissions.ListAsync(http.User.TeamId(), new CommissionFilter(known, null, null, null, null, null), number, PageSize, ct);
        return ConsolePages.Render<CommissionsPage>(new CommissionsView(ConsoleSession.From(http), known, items, total, number, PageSize));
    }

    private static async Task<Results<RazorComponentResult<CommissionPage>, RazorComponentResult<MessagePage>>> GetCommissionAsync(
        string id, HttpContext http, CommissionStore commissions, CancellationToken ct)
    {
        var teamId = http.User.TeamId();
        if (await commissions.GetAsync(teamId, id, ct) is not { } commission)
            return ConsolePages.NotFound(http, "commission");
        return ConsolePages.Render<CommissionPage>(new CommissionView(ConsoleSession.From(http), commission, await commissions.LedgerAsync(teamId, commission.Id, ct)));
    }
}
