using System.Text.Json.Nodes;
using Bridge.Core.ApiKeys;
using Bridge.Core.Programs;
using Bridge.Host.Auth;

namespace Bridge.Host.Features.Programs;

public sealed record GroupResponse(
    string Id, string Name, string? Description, bool IsDefault, long AffiliateCount, DateTimeOffset CreatedAt, IReadOnlyList<IncentiveResponse> Incentives);

/// <summary>SDK <c>GroupCreateParams</c>/<c>GroupUpdateParams</c> (name, description, is_default) plus the group's incentives.</summary>
public sealed record GroupRequest(string? Name, string? Description, bool? IsDefault, IReadOnlyList<IncentiveRequest>? Incentives);

/// <summary>/v1/program/groups: affiliate groups and their incentives (PATCH replaces the incentives when sent).</summary>
public static class GroupsApi
{
    public static RouteGroupBuilder MapProgramGroups(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/program/groups").WithTags("Program");
        group.MapGet("/", List).RequireScope(ApiKeyScopes.ReadProgram);
        group.MapGet("/{id}", Get).RequireScope(ApiKeyScopes.ReadProgram);
        group.MapPost("/", Create).RequireScope(ApiKeyScopes.WriteProgram);
        group.MapPatch("/{id}", Update).RequireScope(ApiKeyScopes.WriteProgram);
        group.MapDelete("/{id}", Delete).RequireScope(ApiKeyScopes.WriteProgram);
        return group;
    }

    private static async Task<Ok<Envelope<IReadOnlyList<GroupResponse>>>> List(ClaimsPrincipal user, GroupStore groups, IncentiveStore incentives, CancellationToken ct)
    {
        var all = await groups.ListAsync(user.TeamId(), ct);
        return TypedResults.Ok(new Envelope<IReadOnlyList<GroupResponse>>(await DescribeAsync(all, incentives, ct)));
    }

    private static async Task<Results<Ok<Envelope<GroupResponse>>, JsonHttpResult<ErrorEnvelope>>> Get(string id, ClaimsPrincipal user, GroupStore groups, IncentiveStore incentives, CancellationToken ct)
    {
        var found = await groups.GetAsync(user.TeamId(), id, ct);
        return found is null ? ApiErrors.NotFound("Group") : TypedResults.Ok(new Envelope<GroupResponse>((await DescribeAsync([found], incentives, ct))[0]));
    }

    private static async Task<Results<Created<Envelope<GroupResponse>>, JsonHttpResult<ErrorEnvelope>>> Create(
        GroupRequest body, ClaimsPrincipal user, GroupStore groups, IncentiveStore incentives, ProgramStore programs, CancellationToken ct)
    {
        var checks = new Checks().Required("name", body.Name).MaxLength("name", body.Name, 255);
        var drafts = Drafts(body, checks);
        checks.That(body.IsDefault != true || drafts?.Any(i => i.Type == IncentiveType.Sale) == true, "is_default", NeedsSaleIncentive);
        if (checks.Failed)
            return checks.Result;
        var teamId = user.TeamId();
        var program = await programs.GetForTeamAsync(teamId, ct);
        if (program is null)
            return ApiErrors.NotFound("Program");
        var created = await groups.CreateAsync(teamId, program.Id, body.Name!.Trim(), body.Description, drafts ?? [], ct);
        if (body.IsDefault == true)
            await groups.MakeDefaultAsync(teamId, created.Id, ct);
        var saved = await groups.GetAsync(teamId, created.Id, ct);
        return TypedResults.Created($"/v1/program/groups/{created.Id}", new Envelope<GroupResponse>((await DescribeAsync([saved!], incentives, ct))[0]));
    }

    private static async Task<Results<Ok<Envelope<GroupResponse>>, JsonHttpResult<ErrorEnvelope>>> Update(
        string id, JsonObject json, ClaimsPrincipal user, GroupStore groups, IncentiveStore incentives, CancellationToken ct)
    {
        if (!JsonText.TryRead<GroupRequest>(json, out var body, out var error))
            return error;
        var cleared = JsonText.Nulls(json);
        var checks = new Checks().MaxLength("name", body.Name, 255)
            .That(body.Name is null || body.Name.Trim().Length > 0, "name", "name cannot be empty")
            .That(!cleared.Contains("name"), "name", "name cannot be null");
        var drafts = Drafts(body, checks);
        if (checks.Failed)
            return checks.Result;
        var teamId = user.TeamId();
        var current = await groups.GetAsync(teamId, id, ct);
        if (current is null)
            return ApiErrors.NotFound("Group");
        if (body.IsDefault == false && current.IsDefault)
            return ApiErrors.Validation("is_default", "A program always has one default group: set is_default on another group instead.");
        if ((current.IsDefault || body.IsDefault == true) &&
            !(drafts ?? await incentives.ForGroupsAsync([id], ct)).Any(i => i.Type == IncentiveType.Sale))
            return ApiErrors.Validation(drafts is null ? "is_default" : "incentives", NeedsSaleIncentive);
        if (!await groups.UpdateAsync(teamId, id, body.Name?.Trim(), body.Description, drafts, cleared.Contains("description"), ct))
            return ApiErrors.NotFound("Group");
        if (body.IsDefault == true && !current.IsDefault)
            await groups.MakeDefaultAsync(teamId, id, ct);
        var saved = await groups.GetAsync(teamId, id, ct);
        return TypedResults.Ok(new Envelope<GroupResponse>((await DescribeAsync([saved!], incentives, ct))[0]));
    }

    private const string NeedsSaleIncentive = "The default group needs a sale incentive: its rate is the program's payment terms.";

    private static async Task<Results<Ok<MessageEnvelope>, JsonHttpResult<ErrorEnvelope>>> Delete(string id, ClaimsPrincipal user, GroupStore groups, CancellationToken ct) =>
        await groups.DeleteAsync(user.TeamId(), id, ct) switch
        {
            GroupDeleteOutcome.Deleted => TypedResults.Ok(new MessageEnvelope("Group deleted successfully")),
            GroupDeleteOutcome.IsDefault => ApiErrors.Conflict("The default group cannot be deleted."),
            GroupDeleteOutcome.HasAffiliates => ApiErrors.Conflict("The group still has affiliates; move them first."),
            _ => ApiErrors.NotFound("Group"),
        };

    private static List<Incentive>? Drafts(GroupRequest body, Checks checks) =>
        body.Incentives?.Select((incentive, i) => incentive.ToIncentive(checks, $"incentives[{i}].")).OfType<Incentive>().ToList();

    private static async Task<IReadOnlyList<GroupResponse>> DescribeAsync(IReadOnlyList<AffiliateGroup> groups, IncentiveStore incentives, CancellationToken ct)
    {
        var all = await incentives.ForGroupsAsync(groups.Select(g => g.Id).ToList(), ct);
        return groups.Select(g => new GroupResponse(g.Id, g.Name, g.Description, g.IsDefault, g.AffiliateCount, g.CreatedAt,
            all.Where(i => i.GroupId == g.Id).Select(IncentiveResponse.From).ToList())).ToList();
    }
}
