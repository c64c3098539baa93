using Bridge.Core.ApiKeys;
using Bridge.Core.Outbound;
using Bridge.Host.Auth;
using Bridge.Host.Features.Console.Pages;

namespace Bridge.Host.Features.Console;

/// <summary>Outbound deliveries (the bridge's own webhooks to the merchant) in the console: list, one delivery with its attempts, Resend.</summary>
public static class ConsoleDeliveriesEndpoints
{
    private const int PageSize = 50;

    private static readonly string[] Statuses = [DeliveryStatus.Pending, DeliveryStatus.Delivered, DeliveryStatus.Failed];

    public static RouteGroupBuilder MapConsoleDeliveries(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapConsoleGroup();
        group.MapGet("/deliveries", ListAsync);
        group.MapGet("/deliveries/{id}", GetAsync);
        group.MapPost("/deliveries/{id}/resend", ResendAsync).AddEndpointFilter(ConsolePages.RequireAntiforgery);
        group.MapPost("/deliveries/resend", ResendFailedAsync).AddEndpointFilter(ConsolePages.RequireAntiforgery);
        return group;
    }

    private static async Task<RazorComponentResult<DeliveriesPage>> ListAsync(HttpContext http, OutboundStore outbound, string? status,
        [FromQuery(Name = "starting_after")] string? startingAfter, string? done, string? count, CancellationToken ct)
    {
        var known = Statuses.FirstOrDefault(value => value == status);
        var rows = await outbound.ListDeliveriesAsync(http.User.TeamId(), known, PageSize + 1, string.IsNullOrWhiteSpace(startingAfter) ? null : startingAfter, ct);
        var notice = done == "resent" && int.TryParse(count, out var queued) ? $"Queued {queued} failed deliver(y/ies) to be sent again." : null;
        return ConsolePages.Render<DeliveriesPage>(new DeliveriesView(ConsoleSession.From(http, notice), known, rows.Take(PageSize).ToList(), rows.Count > PageSize));
    }

    private static async Task<Results<RazorComponentResult<DeliveryPage>, RazorComponentResult<MessagePage>>> GetAsync(
        string id, HttpContext http, OutboundStore outbound, string? done, CancellationToken ct)
    {
        var teamId = http.User.TeamId();
        if (await outbound.GetDeliveryAsync(teamId, id, ct) is not { } delivery)
            return ConsolePages.NotFound(http, "delivery");
        var endpoint = await outbound.GetEndpointAsync(teamId, delivery.EndpointId, ct);
        var notice = done == "resent" ? "Queued to be sent again on the dispatcher's next run." : null;
        return ConsolePages.Render<DeliveryPage>(new DeliveryView(ConsoleSession.From(http, notice), delivery, endpoint?.Url, endpoint?.Enabled ?? false,
            endpoint?.DisabledReason, await outbound.AttemptsAsync(delivery.Id, ct), ConsoleFormat.Payload(delivery.Payload)));
    }

    private static async Task<Results<RedirectHttpResult, RazorComponentResult<MessagePage>>> ResendAsync(
        string id, HttpContext http, OutboundStore outbound, CancellationToken ct)
    {
        if (!http.User.HasClaim(ConsoleAuth.ScopeClaim, ApiKeyScopes.WriteWebhooks))
            return ConsolePages.Forbidden(http, ApiKeyScopes.WriteWebhooks);
        if (await outbound.ResendAsync(http.User.TeamId(), id, ct) == 0)
            return ConsolePages.NotFound(http, "delivery");
        return TypedResults.Redirect($"/console/deliveries/{Uri.EscapeDataString(id)}?done=resent");
    }

    private static async Task<Results<RedirectHttpResult, RazorComponentResult<MessagePage>>> ResendFailedAsync(
        HttpContext http, OutboundStore outbound, CancellationToken ct)
    {
        if (!http.User.HasClaim(ConsoleAuth.ScopeClaim, ApiKeyScopes.WriteWebhooks))
            return ConsolePages.Forbidden(http, ApiKeyScopes.WriteWebhooks);
        var count = await outbound.ResendAsync(http.User.TeamId(), null, ct);
        return TypedResults.Redirect($"/console/deliveries?status=failed&done=resent&count={count}");
    }
}
