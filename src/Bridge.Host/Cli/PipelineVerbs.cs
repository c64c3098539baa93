using Bridge.Core.Connections;
using Bridge.Core.Inbox;
using Bridge.Core.Teams;
using Bridge.Host.Features.Connections;
using Bridge.Providers;

namespace Bridge.Host.Cli;

/// <summary><c>connections</c> and <c>events</c>: register provider webhooks and inspect or re-drive the inbox.</summary>
public static class PipelineVerbs
{
    public static async Task<int> Connections(CliContext c)
    {
        var team = await TeamAsync(c);
        switch (c.Args.Words.FirstOrDefault())
        {
            case "add":
            {
                var provider = ProviderCatalog.Find(c.Args.Require("provider"))
                    ?? throw new CliUsageException($"--provider must be one of {string.Join(", ", ProviderCatalog.All.Select(p => p.Name))}");
                var secret = c.Args.Require("secret").Trim();
                foreach (var candidate in new[] { secret, c.Args.Get("secondary-secret") }.OfType<string>())
                {
                    if (provider.CheckSecret(candidate.Trim()) is { } problem)
                        throw new CliUsageException($"the secret is not a {provider.Name} signing secret: {problem}");
                }
                var mode = c.Args.Get("mode") ?? ConnectionMode.Live;
                if (!ConnectionMode.IsValid(mode))
                    throw new CliUsageException("--mode must be live or test");
                var created = await c.Get<ConnectionStore>().CreateAsync(team.Id, provider.Name, c.Args.Get("name") ?? provider.Name, secret,
                    c.Args.Get("secondary-secret")?.Trim(), mode, null, c.Args.Get("capture") is { } dir ? Path.GetFullPath(dir) : null, c.Args.Has("mask"));
                var url = c.Get<WebhookUrls>().For(created, null);
                if (c.Args.Has("json"))
                    await c.Out.WriteLineAsync(JsonSerializer.Serialize(new { id = created.Id, provider = created.Provider, mode = created.Mode, webhook_url = url }));
                else
                    await c.Out.WriteLineAsync($"connection {created.Id} ({created.Provider}, {created.Mode})\nwebhook URL: {url}\nPaste the URL into the provider's webhook settings. The secret is stored and never shown again.");
                return 0;
            }
            case "list":
            {
                var all = await c.Get<ConnectionStore>().ListAsync(team.Id);
                if (c.Args.Has("json"))
                    await c.Out.WriteLineAsync(JsonSerializer.Serialize(all.Select(x => new { id = x.Id, provider = x.Provider, name = x.Name, mode = x.Mode, webhook_url = c.Get<WebhookUrls>().For(x, null) })));
                else
                    foreach (var x in all)
                        await c.Out.WriteLineAsync($"{x.Id}  {x.Provider,-7} {x.Mode,-5} {x.Name}  {c.Get<WebhookUrls>().For(x, null)}");
                return 0;
            }
            default:
                throw new CliUsageException("usage: connections add|list ... (see --help)");
        }
    }

    public static async Task<int> Events(CliContext c)
    {
        var team = await TeamAsync(c);
        var inbox = c.Get<InboxStore>();
        switch (c.Args.Words.FirstOrDefault())
        {
            case "list":
            {
                var limit = int.TryParse(c.Args.Get("limit"), out var n) ? Math.Clamp(n, 1, 100) : 20;
                var (items, _) = await inbox.ListAsync(team.Id, new InboundQuery(limit, Provider: c.Args.Get("provider"), Status: c.Args.Get("status")));
                if (c.Args.Has("json"))
                    await c.Out.WriteLineAsync(JsonSerializer.Serialize(items.Select(e => new { id = e.Id, provider = e.Provider, type = e.EventType, status = e.Status, reason = e.Reason, received_at = e.ReceivedAt })));
                else
                    foreach (var e in items)
                        await c.Out.WriteLineAsync($"{e.Id}  {e.ReceivedAt:u}  {e.Provider,-7} {e.EventType,-34} {e.Status,-9} {e.Reason}");
                return 0;
            }
            case "show":
            {
                var id = c.Args.Words.ElementAtOrDefault(1) ?? throw new CliUsageException("usage: events show <inbound event id>");
                var e = await inbox.GetAsync(team.Id, id) ?? throw new CliUsageException($"no inbound event {id} in team {team.Id}");
                await c.Out.WriteLineAsync($"{e.Id}  {e.Provider} {e.EventType} ({e.ProviderEventId})\nstatus    {e.Status}\nreason    {e.Reason}\nattempts  {e.Attempts}\nreceived  {e.ReceivedAt:u}");
                foreach (var p in await inbox.PaymentsAsync(id))
                    await c.Out.WriteLineAsync($"payment   {p.Kind} {p.AmountMinor} {p.Currency} {p.ProviderPaymentId} referral={p.ReferralId} commissions={p.CommissionIds} → {p.Outcome}");
                foreach (var a in await inbox.AttemptsAsync(id))
                    await c.Out.WriteLineAsync($"attempt   #{a.Attempt} {a.StartedAt:u} {a.Outcome} {a.Reason}");
                return 0;
            }
            case "redrive":
            {
                var id = c.Args.Words.ElementAtOrDefault(1);
                var status = c.Args.Get("status");
                if (id is null && status is not (InboundStatus.Failed or InboundStatus.Parked or InboundStatus.Ignored))
                    throw new CliUsageException("usage: events redrive <inbound event id> | --status failed|parked|ignored");
                var count = await inbox.RedriveAsync(team.Id, id, status);
                await c.Out.WriteLineAsync($"{count} event(s) queued again; a running bridge processes them within a second.");
                return count > 0 || id is null ? 0 : 1;
            }
            default:
                throw new CliUsageException("usage: events list|show|redrive ... (see --help)");
        }
    }

    /// <summary><c>webhooks add|list</c>: merchant endpoints for outbound events (the secret is printed once).</summary>
    public static async Task<int> Webhooks(CliContext c)
    {
        var team = await TeamAsync(c);
        var store = c.Get<Bridge.Core.Outbound.OutboundStore>();
        switch (c.Args.Words.FirstOrDefault())
        {
            case "add":
            {
                var events = (c.Args.Require("events")).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var checks = Features.Outbound.OutboundApi.Validate(new Features.Outbound.EndpointRequest(c.Args.Require("url"), events, c.Args.Get("description"), null));
                if (checks.Failed)
                    throw new CliUsageException("invalid --url or --events (" + string.Join(", ", Bridge.Core.Outbound.OutboundEventTypes.All) + ", or prefix.*)");
                var endpoint = await store.CreateEndpointAsync(team.Id, c.Args.Require("url"), events, c.Args.Get("description"));
                if (c.Args.Has("json"))
                    await c.Out.WriteLineAsync(JsonSerializer.Serialize(new { id = endpoint.Id, url = endpoint.Url, events, secret = endpoint.Secret }));
                else
                    await c.Out.WriteLineAsync($"endpoint {endpoint.Id} → {endpoint.Url}\nevents   {string.Join(", ", events)}\nsecret   {endpoint.Secret}\nThe secret is shown once; receivers verify X-Affonso-Signature or the Standard Webhooks headers with it.");
                return 0;
            }
            case "list":
                foreach (var e in await store.ListEndpointsAsync(team.Id))
                    await c.Out.WriteLineAsync($"{e.Id}  {(e.Enabled ? "enabled " : "DISABLED")} {e.Url}  [{e.EventTypes}]{(e.DisabledReason is null ? "" : "  " + e.DisabledReason)}");
                return 0;
            default:
                throw new CliUsageException("usage: webhooks add --url U --events a,b [--description D] [--json] | webhooks list");
        }
    }

    /// <summary><c>capture</c>: turn a connection's capture mode on (folder, optional masking) or off.</summary>
    public static async Task<int> Capture(CliContext c)
    {
        var team = await TeamAsync(c);
        var store = c.Get<ConnectionStore>();
        var current = await store.GetAsync(team.Id, c.Args.Require("connection")) ?? throw new CliUsageException($"no connection {c.Args.Get("connection")} in team {team.Id}");
        var off = c.Args.Has("off");
        var dir = off ? null : Path.GetFullPath(c.Args.Require("dir"));
        await store.UpdateAsync(new ProviderConnection
        {
            Id = current.Id, TeamId = current.TeamId, Provider = current.Provider, Name = current.Name, SecretPrimary = current.SecretPrimary,
            SecretSecondary = current.SecretSecondary, Mode = current.Mode, ToleranceSeconds = current.ToleranceSeconds,
            CaptureDir = dir, CaptureMask = !off && c.Args.Has("mask"), CreatedAt = current.CreatedAt, UpdatedAt = current.UpdatedAt,
        });
        await c.Out.WriteLineAsync(off ? $"capture off for {current.Id}" : $"capturing {current.Provider} deliveries of {current.Id} into {dir}{(c.Args.Has("mask") ? " (e-mails and names masked)" : "")}");
        return 0;
    }

    public static async Task<Team> TeamAsync(CliContext c)
    {
        var teams = c.Get<TeamStore>();
        if (c.Args.Get("team") is { } given)
            return await teams.FindAsync(given) ?? throw new CliUsageException($"no team '{given}'");
        var all = await teams.ListAsync();
        return all.Count == 1 ? all[0] : throw new CliUsageException(all.Count == 0 ? "no team yet: run seed-demo or teams create" : "several teams exist: pass --team");
    }
}
