using Bridge.Host.Cli;
using Bridge.Host.Extensions;

if (BridgeCli.IsCommand(args))
    return await BridgeCli.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddBridge();

var app = builder.Build();
app.UseBridge();
app.MapBridge();

await app.PrepareAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
