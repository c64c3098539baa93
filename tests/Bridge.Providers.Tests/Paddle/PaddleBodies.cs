using System.Text.Json.Nodes;

namespace Bridge.Providers.Tests.Paddle;

/// <summary>Fixture bodies with a few fields changed, for mapping edge cases the fixtures do not show.</summary>
internal static class PaddleBodies
{
    public static readonly DateTimeOffset RenewalOccurredAt =
        DateTimeOffset.Parse("2024-05-12T10:19:03.112233Z", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A fixture body edited through <paramref name="edit"/> (which receives the root object).</summary>
    public static string Edited(string fixture, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(PaddleTestKit.FixtureBody(fixture))!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    /// <summary>The chained renewal transaction (txn_01hxq3m5r8t2v6w9y4b7d1f3g5, 43549 USD) with <c>data</c> edited.</summary>
    public static string Transaction(Action<JsonObject> editData) =>
        Edited("renewal_subscription.transaction.completed", root => editData(root["data"]!.AsObject()));

    /// <summary>The approved partial refund adj_01hyk4c2e4g6j8m0p2r4t6w8y0 (10887 USD) with <c>data</c> edited.</summary>
    public static string Adjustment(Action<JsonObject> editData) =>
        Edited("refund_partial_subscription.adjustment.updated", root => editData(root["data"]!.AsObject()));

    public static JsonObject Totals(JsonObject transaction) => transaction["details"]!["totals"]!.AsObject();
}
