namespace Bridge.Api.Tests.Infrastructure;

/// <summary>
/// A team's commissions and their ledgers with ids and times taken out, keyed by what the payment was (invoice or
/// payment intent) — comparable across runs, stores and delivery orders.
/// </summary>
public static class LedgerView
{
    public static async Task<JsonArray> FinalStateAsync(TestTeam team)
    {
        var rows = new List<JsonObject>();
        foreach (var commission in await team.CommissionsAsync())
        {
            var c = commission!.AsObject();
            rows.Add(new JsonObject
            {
                ["payment"] = (c["invoice_id"] ?? c["payment_intent_id"])?.GetValue<string>(),
                ["earning_type"] = c["earning_type"]!.GetValue<string>(),
                ["sale_amount"] = c["sale_amount"]!.GetValue<decimal>(),
                ["commission_amount"] = c["commission_amount"]!.GetValue<decimal>(),
                ["currency"] = c["commission_currency"]!.GetValue<string>(),
                ["status"] = c["status"]!.GetValue<string>(),
                ["sales_status"] = c["sales_status"]!.GetValue<string>(),
            });
        }
        return new JsonArray(rows.OrderBy(r => r["payment"]?.GetValue<string>()).ThenBy(r => r["earning_type"]!.GetValue<string>()).Select(r => (JsonNode)r).ToArray());
    }

    public sealed record Entry(string Cause, decimal SaleDelta, decimal CommissionDelta, string StatusAfter, string SalesStatusAfter, string? Note);

    public sealed record CommissionLedger(string? Payment, string EarningType, IReadOnlyList<Entry> Entries);

    /// <summary>The full ledger: every entry's cause and deltas, per commission (plain records, for snapshots).</summary>
    public static async Task<IReadOnlyList<CommissionLedger>> EntriesAsync(TestTeam team)
    {
        var result = new List<CommissionLedger>();
        foreach (var commission in await team.CommissionsAsync())
        {
            var c = commission!.AsObject();
            var ledger = await ApiAssert.StatusAsync(await team.Client.GetAsync($"/v1/commissions/{c["id"]}/ledger"), HttpStatusCode.OK);
            result.Add(new CommissionLedger(
                (c["invoice_id"] ?? c["payment_intent_id"])?.GetValue<string>(),
                c["earning_type"]!.GetValue<string>(),
                ledger["data"]!.AsArray().Select(e => new Entry(
                    e!["cause"]!.GetValue<string>(),
                    e["sale_delta"]!.GetValue<decimal>(),
                    e["commission_delta"]!.GetValue<decimal>(),
                    e["status_after"]!.GetValue<string>(),
                    e["sales_status_after"]!.GetValue<string>(),
                    e["note"]?.GetValue<string>())).ToList()));
        }
        return result.OrderBy(r => r.Payment, StringComparer.Ordinal).ThenBy(r => r.EarningType, StringComparer.Ordinal).ToList();
    }
}
