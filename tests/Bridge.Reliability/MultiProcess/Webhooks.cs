using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bridge.Providers;

namespace Bridge.Reliability.MultiProcess;

/// <summary>What one webhook delivery got back: the status (0 when no answer came) and, on 2xx, the acknowledgement.</summary>
public sealed record DeliveryResult(int Status, string? AckId, bool Duplicate, string? ErrorCode, bool RetryAfter, string? Failure, long SentAt, long AnsweredAt)
{
    public bool Acknowledged => Status is >= 200 and < 300;
}

/// <summary>Signed Stripe deliveries over real HTTP, and the merchant-API calls the suites need (clicks, signups).</summary>
public static class Webhooks
{
    public const string StripeSecret = "whsec_reliability_0123456789abcdef";

    private static readonly Bridge.Providers.Contract.IPaymentProvider Stripe = ProviderCatalog.Find("stripe")!;

    /// <summary>An HttpClient for many concurrent requests to the bridges (no proxy, generous connection pool).</summary>
    public static HttpClient NewClient(int connections = 64, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    /// <summary>POSTs the body to the connection's webhook URL, signed now as Stripe signs. Transport failures are results, not exceptions.</summary>
    public static async Task<DeliveryResult> DeliverAsync(HttpClient http, Uri bridge, string connectionId, string eventId, string body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bridge, $"/webhooks/stripe/{connectionId}")) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in Stripe.Sign(bytes, StripeSecret, DateTimeOffset.UtcNow, eventId))
            request.Headers.TryAddWithoutValidation(name, value);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var answered = Stopwatch.GetTimestamp();
            JsonNode? json = null;
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
            }
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
                return new DeliveryResult(status, json?["id"]?.GetValue<string>(), json?["duplicate"]?.GetValue<bool>() ?? false, null, false, null, sent, answered);
            return new DeliveryResult(status, null, false, json?["error"]?["code"]?.GetValue<string>(), response.Headers.RetryAfter is not null,
                text.Length > 300 ? text[..300] : text, sent, answered);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return new DeliveryResult(0, null, false, null, false, $"{ex.GetType().Name}: {ex.Message}", sent, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>An HttpClient for the merchant API of <paramref name="bridge"/> with the team's key.</summary>
    public static HttpClient ApiClient(Uri bridge, string apiKey)
    {
        var client = NewClient(32);
        client.BaseAddress = bridge;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>A click for the affiliate, then a signup on it: returns the referral id (the click's id).</summary>
    public static async Task<string> ReferralAsync(HttpClient api, string programId, string trackingId, string email, CancellationToken ct)
    {
        var click = await ExpectAsync(await api.PostAsJsonAsync("/v1/clicks", new { programId, trackingId }, ct), ct);
        var id = click["data"]!["id"]!.GetValue<string>();
        await ExpectAsync(await api.PostAsJsonAsync("/v1/signups", new { click_id = id, email }, ct), ct);
        return id;
    }

    /// <summary>The body of a 2xx answer (anything else fails with the status and body).</summary>
    public static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!;
        }
    }

    /// <summary>30 % of <paramref name="amountMinor"/>, rounded half away from zero to the minor unit (computed here, independently of the engine).</summary>
    public static long ThirtyPercent(long amountMinor) => amountMinor >= 0 ? (amountMinor * 3 + 5) / 10 : -((-amountMinor * 3 + 5) / 10);

    /// <summary>Varied amounts (seeded), every fourth one ending in 5 minor units so that 30 % of it lands exactly on a half.</summary>
    public static long[] Amounts(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => (long)random.Next(1, 50_000) * 10 + (i % 4 == 0 ? 5 : random.Next(0, 10))).ToArray();
    }

    /// <summary>Runs <paramref name="work"/> over the items with at most <paramref name="parallel"/> at once.</summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, int parallel, CancellationToken ct, Func<T, CancellationToken, ValueTask> work) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, work);

    public static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;
}

/// <summary>Stripe event bodies shaped like the captured fixtures (as in the API tests' StripeEvents), with the ids and amounts a suite needs.</summary>
public static class StripeBodies
{
    public static string OneTimeCheckout(string eventId, string sessionId, string paymentIntentId, string customerId, long amount, string currency, string? clickId, long created) =>
        Envelope(eventId, "checkout.session.completed", created, new JsonObject
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["mode"] = "payment",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_subtotal"] = amount,
            ["amount_total"] = amount,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["payment_intent"] = paymentIntentId,
            ["invoice"] = null,
            ["subscription"] = null,
            ["livemode"] = false,
            ["metadata"] = clickId is null ? new JsonObject() : new JsonObject { ["affonso_referral"] = clickId },
        });

    public static string SubscriptionCheckout(string eventId, string sessionId, string invoiceId, string subscriptionId, string customerId, long amount,
        string currency, string? clickId, long created) =>
        Envelope(eventId, "checkout.session.completed", created, new JsonObject
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["mode"] = "subscription",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_subtotal"] = amount,
            ["amount_total"] = amount,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["customer_details"] = new JsonObject { ["email"] = "customer@example.com" },
            ["client_reference_id"] = null,
            ["invoice"] = invoiceId,
            ["subscription"] = subscriptionId,
            ["payment_intent"] = null,
            ["livemode"] = false,
            ["metadata"] = clickId is null ? new JsonObject() : new JsonObject { ["affonso_referral"] = clickId },
        });

    /// <summary>An invoice on the pre-basil API version, which names its PaymentIntent and charge (so refunds link by id).</summary>
    public static string InvoicePaid(string eventId, string invoiceId, string billingReason, string subscriptionId, string customerId, long amount, string currency,
        long created, string paymentIntentId, string chargeId) =>
        Envelope(eventId, "invoice.paid", created, new JsonObject
        {
            ["id"] = invoiceId,
            ["object"] = "invoice",
            ["status"] = "paid",
            ["billing_reason"] = billingReason,
            ["amount_due"] = amount,
            ["amount_paid"] = amount,
            ["subtotal"] = amount,
            ["total"] = amount,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["subscription"] = subscriptionId,
            ["subscription_details"] = new JsonObject { ["metadata"] = new JsonObject() },
            ["payment_intent"] = paymentIntentId,
            ["charge"] = chargeId,
            ["livemode"] = false,
        }, apiVersion: "2024-06-20");

    public static string ChargeRefunded(string eventId, string chargeId, string paymentIntentId, string customerId, long amount, long amountRefunded, string currency, long created) =>
        Envelope(eventId, "charge.refunded", created, new JsonObject
        {
            ["id"] = chargeId,
            ["object"] = "charge",
            ["amount"] = amount,
            ["amount_captured"] = amount,
            ["amount_refunded"] = amountRefunded,
            ["refunded"] = amountRefunded >= amount,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["payment_intent"] = paymentIntentId,
            ["status"] = "succeeded",
            ["livemode"] = false,
        });

    private static string Envelope(string eventId, string type, long created, JsonObject dataObject, string apiVersion = "2025-08-27.basil") =>
        new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = apiVersion,
            ["created"] = created,
            ["data"] = new JsonObject { ["object"] = dataObject },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        }.ToJsonString();
}
