using Bridge.Core.ApiKeys;
using Bridge.Host.Auth;
using Bridge.Core.Commissions;
using Bridge.Core.Inbox;
using Bridge.Host.Features.Console.Pages;
using Bridge.Host.Features.Webhooks;
using Bridge.Host.Processing;
using Bridge.Providers;

namespace Bridge.Host.Features.Console;

/// <summary>The inbox in the console: list with filters, one event in full, Replay and bulk re-drive of failures.</summary>
public static class ConsoleEventsEndpoints
{
    private const int PageSize = 50;

    public static RouteGroupBuilder MapConsoleEvents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapConsoleGroup();
        group.MapGet("/events", ListAsync);
        group.MapGet("/events/{id}", GetAsync);
        group.MapPost("/events/{id}/replay", ReplayAsync).AddEndpointFilter(ConsolePages.RequireAntiforgery);
        group.MapPost("/events/redrive", RedriveAsync).AddEndpointFilter(ConsolePages.RequireAntiforgery);
        return group;
    }

    private static async Task<RazorComponentResult<EventsPage>> ListAsync(HttpContext http, InboxStore inbox, RejectedWebhooks refused,
        string? provider, string? status, string? type, string? search, [FromQuery(Name = "starting_after")] string? startingAfter, string? done, string? count,
        CancellationToken ct)
    {
        var providers = ProviderCatalog.All.Select(p => p.Name).ToList();
        var filter = new EventFilter(
            providers.FirstOrDefault(name => name == provider),
            InboundStatus.All.FirstOrDefault(known => known == status),
            Blank(type), Blank(search));
        var (events, hasMore) = await inbox.ListAsync(http.User.TeamId(),
            new InboundQuery(PageSize, Blank(startingAfter), filter.Provider, filter.Status, filter.Type, filter.Search), ct);
        var notice = done == "redriven" && int.TryParse(count, out var queued) ? $"Queued {queued} failed event(s) again." : null;
        var session = ConsoleSession.From(http, notice);
        return ConsolePages.Render<EventsPage>(new EventsView(session, filter, events, hasMore, refused.ForTeam(session.TeamId), providers));
    }

    private static async Task<Results<RazorComponentResult<EventPage>, RazorComponentResult<MessagePage>>> GetAsync(
        string id, HttpContext http, InboxStore inbox, CommissionStore commissions, string? done, CancellationToken ct)
    {
        var teamId = http.User.TeamId();
        var inbound = await inbox.GetAsync(teamId, id, ct);
        if (inbound is null)
            return ConsolePages.NotFound(http, "inbound event");
        var payments = await inbox.PaymentsAsync(inbound.Id, ct);
        var caused = new List<Commission>();
        foreach (var commissionId in payments.SelectMany(payment => ConsoleFormat.Ids(payment.CommissionIds)).Distinct())
        {
            if (await commissions.GetAsync(teamId, commissionId, ct) is { } commission)
                caused.Add(commission);
        }
        var notice = done == "replayed" ? "Queued for replay: the worker picks it up right away." : null;
        return ConsolePages.Render<EventPage>(new EventView(ConsoleSession.From(http, notice), inbound, await inbox.AttemptsAsync(inbound.Id, ct),
            payments, caused, ConsoleFormat.Payload(inbound.Body)));
    }

    private static async Task<Results<RedirectHttpResult, RazorComponentResult<MessagePage>>> ReplayAsync(
        string id, HttpContext http, InboxStore inbox, InboxSignal signal, CancellationToken ct)
    {
        if (!http.User.HasClaim(ConsoleAuth.ScopeClaim, ApiKeyScopes.WriteEvents))
            return ConsolePages.Forbidden(http, ApiKeyScopes.WriteEvents);
        var teamId = http.User.TeamId();
        if (await inbox.GetAsync(teamId, id, ct) is not { } inbound)
            return ConsolePages.NotFound(http, "inbound event");
        if (await inbox.RedriveAsync(teamId, inbound.Id, null, ct) == 0)
            return ConsolePages.Render<MessagePage>(new MessageView(ConsoleSession.From(http), "Busy",
                "The event is being processed right now; reload it in a moment and replay again if needed."), StatusCodes.Status409Conflict);
        signal.Notify();
        return TypedResults.Redirect($"/console/events/{Uri.EscapeDataString(inbound.Id)}?done=replayed");
    }

    private static async Task<Results<RedirectHttpResult, RazorComponentResult<MessagePage>>> RedriveAsync(
        HttpContext http, InboxStore inbox, InboxSignal signal, CancellationToken ct)
    {
        if (!http.User.HasClaim(ConsoleAuth.ScopeClaim, ApiKeyScopes.WriteEvents))
            return ConsolePages.Forbidden(http, ApiKeyScopes.WriteEvents);
        var form = await http.Request.ReadFormAsync(ct);
        if (form["status"].ToString() != InboundStatus.Failed)
            return ConsolePages.Render<MessagePage>(new MessageView(ConsoleSession.From(http), "Nothing to do",
                "Only failed events are re-driven in bulk here."), StatusCodes.Status400BadRequest);
        var count = await inbox.RedriveAsync(http.User.TeamId(), null, InboundStatus.Failed, ct);
        signal.Notify();
        return TypedResults.Redirect($"/console/events?status=failed&done=redriven&count={count}");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
