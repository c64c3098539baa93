using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Bridge.Api.Tests.Production;

/// <summary>
/// A Serilog sink the host picks up from DI (<c>ReadFrom.Services</c>): every event rendered exactly as the production
/// JSON formatter writes it (message, every property, exception), plus the plain rendered message.
/// </summary>
public sealed class LogCapture : ILogEventSink
{
    private static readonly RenderedCompactJsonFormatter Formatter = new();
    private readonly ConcurrentQueue<(LogEvent Event, string Line)> _events = new();

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        Formatter.Format(logEvent, writer);
        writer.Write(logEvent.RenderMessage());
        _events.Enqueue((logEvent, writer.ToString()));
    }

    public IReadOnlyList<string> Lines => _events.Select(e => e.Line).ToList();

    public IReadOnlyList<LogEvent> Events => _events.Select(e => e.Event).ToList();
}
