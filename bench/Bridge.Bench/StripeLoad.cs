using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Providers;

namespace Bridge.Bench;

/// <summary>Distinct, validly signed Stripe checkout events for one referral (each a payment earning a commission).</summary>
/// <remarks>
/// Bodies and signatures are made ahead (<see cref="Prepare"/>), as a recorded-traffic replayer would, so the load
/// generator's own CPU (JSON, HMAC) does not compete with the bridge on the benchmark's two cores.
/// </remarks>
public sealed class StripeLoad(Uri bridge, string connectionId, string secret, string clickId, string runId)
{
    private static readonly Bridge.Providers.Contract.IPaymentProvider Stripe = ProviderCatalog.Find("stripe")!;
    private (byte[] Body, KeyValuePair<string, string>[] Headers)[] _prepared = [];

    /// <summary>Signs the first <paramref name="count"/> events now (timestamps stay well inside Stripe's 300 s tolerance).</summary>
    public StripeLoad Prepare(int count)
    {
        _prepared = Enumerable.Range(0, count).Select(Signed).ToArray();
        return this;
    }

    public HttpRequestMessage Request(int i)
    {
        var (body, headers) = i < _prepared.Length ? _prepared[i] : Signed(i);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bridge, $"webhooks/stripe/{connectionId}")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private (byte[] Body, KeyValuePair<string, string>[] Headers) Signed(int i)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = $"evt_{runId}_{i}",
            ["object"] = "event",
            ["api_version"] = "2025-08-27.basil",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["type"] = "checkout.session.completed",
            ["data"] = new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["id"] = $"cs_{runId}_{i}",
                    ["object"] = "checkout.session",
                    ["mode"] = "payment",
                    ["status"] = "complete",
                    ["payment_status"] = "paid",
                    ["amount_subtotal"] = 1000 + i % 9000,
                    ["amount_total"] = 1000 + i % 9000,
                    ["currency"] = "usd",
                    ["customer"] = $"cus_{runId}_{i % 500}",
                    ["payment_intent"] = $"pi_{runId}_{i}",
                    ["metadata"] = new JsonObject { ["affonso_referral"] = clickId },
                },
            },
        }.ToJsonString());
        return (body, Stripe.Sign(body, secret, DateTimeOffset.UtcNow, "").ToArray());
    }
}
