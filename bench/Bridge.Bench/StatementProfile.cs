using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;

namespace Bridge.Bench;

/// <summary>
/// Where the database time of a phase goes: PostgreSQL's <c>pg_stat_statements</c> (loaded by the bench cluster), reset
/// before the phase and read after it, top statements by total execution time.
/// </summary>
public static class StatementProfile
{
    public static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        await connection.ExecuteAsync("SELECT pg_stat_statements_reset()");
    }

    public static async Task<string> TopAsync(string connectionString, int count = 40)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = await connection.QueryAsync<(long Calls, double TotalMs, double MeanMs, long Rows, string Query)>($"""
            SELECT calls, total_exec_time, mean_exec_time, rows, regexp_replace(query, '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC LIMIT {count}
            """);
        var text = new StringBuilder("| calls | total ms | mean ms | rows | statement |\n|---:|---:|---:|---:|---|\n");
        foreach (var (calls, total, mean, found, query) in rows)
            text.Append(CultureInfo.InvariantCulture, $"| {calls} | {total:0} | {mean:0.000} | {found} | `{(query.Length > 140 ? query[..140] + "…" : query).Replace("|", "\\|")}` |\n");
        return text.ToString();
    }
}
