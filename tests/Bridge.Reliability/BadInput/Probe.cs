namespace Bridge.Reliability.BadInput;

/// <summary>What a webhook probe is: not one, a forgery (must be refused, nothing stored), or genuinely signed.</summary>
public enum WebhookClass
{
    None,
    Forged,
    Genuine,
}

/// <summary>One generated request and what the suite expects of its answer.</summary>
public sealed class Probe
{
    public required long Index { get; init; }

    /// <summary>api, webhook or other (health, metrics, OpenAPI, docs, console).</summary>
    public required string Area { get; init; }

    /// <summary>The kinds of badness in this request (malformed-json, forged:stale, bad-auth:missing, …) for the figures.</summary>
    public List<string> Tags { get; } = [];

    /// <summary>The route pattern the probe targets (for coverage).</summary>
    public required string Route { get; init; }

    public required string Method { get; init; }
    public required string Path { get; set; }
    public byte[]? Body { get; set; }
    public string? ContentType { get; set; }
    public bool Chunked { get; set; }
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>The route is Affonso's API or the webhook endpoint (errors must be the envelope).</summary>
    public bool ApiRoute { get; init; }

    /// <summary>The method is one the route maps (else routing answers 405, which must be the envelope too).</summary>
    public bool MethodMapped { get; init; }

    public WebhookClass Webhook { get; set; }

    /// <summary>The request authenticates as one team and names another team's record in its path: never a 2xx.</summary>
    public bool CrossTeam { get; set; }

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Body is not null)
        {
            request.Content = Chunked ? new UnknownLengthContent(Body) : new ByteArrayContent(Body);
            if (ContentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public string Describe(int bodyChars = 300)
    {
        var body = Body is null ? "(none)" : Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, bodyChars)));
        var headers = string.Join("; ", Headers.Select(h => $"{h.Key}: {(h.Value.Length > 80 ? h.Value[..80] + "…" : h.Value)}"));
        return $"#{Index} {Method} {(Path.Length > 200 ? Path[..200] + "…" : Path)} [{string.Join(',', Tags)}] content-type={ContentType ?? "(none)"}" +
               $"{(Chunked ? " chunked" : "")} body({Body?.Length ?? 0} bytes)={body} headers={headers}";
    }

    /// <summary>A body sent without Content-Length (chunked on a real server).</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
