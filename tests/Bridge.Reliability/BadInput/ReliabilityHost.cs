using System.Collections.Concurrent;
using Bridge.Host.Features.Outbound;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Bridge.Reliability.BadInput;

/// <summary>
/// The real host over a real throwaway database (like the API tests' factory), with two test seams only: a Serilog sink
/// that keeps every line the app logs (the host reads sinks from DI), and an outbound-webhook receiver that answers 200
/// in-process (endpoints the fuzzer registers point at made-up URLs). Auth, verification, storage and logging are the
/// production ones; rate limits are raised so the generator measures behaviour, not the limiter.
/// </summary>
public sealed class ReliabilityHost(StoreOptions store, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public StoreOptions Store { get; } = store;

    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Provider", Store.Dialect == Dialect.Postgres ? "postgres" : "sqlite");
        builder.UseSetting("ConnectionStrings:Bridge", Store.ConnectionString);
        builder.UseSetting("Demo:SeedOnStart", "false");
        builder.UseSetting("Api:RateLimit:PermitsPerMinute", "100000000");
        builder.UseSetting("Api:RateLimit:ClickPermitsPerMinute", "100000000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            services.AddHttpClient(OutboundDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new AcceptingReceiver());
        });
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A client that neither follows redirects nor keeps cookies: every request carries exactly what the probe says.</summary>
    public HttpClient RawClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>A client sending <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public HttpClient ClientWithKey(string apiKey)
    {
        var client = RawClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    private sealed class AcceptingReceiver : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") });
    }
}

/// <summary>Every log event the host writes, rendered as the production JSON formatter writes it plus the plain message.</summary>
public sealed class LogCapture : ILogEventSink
{
    private static readonly RenderedCompactJsonFormatter Formatter = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errorLines = new();
    private int _errors;

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        Formatter.Format(logEvent, writer);
        writer.Write(logEvent.RenderMessage());
        _lines.Enqueue(writer.ToString());
        if (logEvent.Level >= LogEventLevel.Error)
        {
            Interlocked.Increment(ref _errors);
            _errorLines.Enqueue(logEvent.RenderMessage() + " " + logEvent.Exception);
        }
    }

    /// <summary>Error-level events with their exceptions (what a 5xx left behind).</summary>
    public IReadOnlyList<string> ErrorLines => _errorLines.ToList();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public int Count => _lines.Count;

    public int Errors => _errors;
}
