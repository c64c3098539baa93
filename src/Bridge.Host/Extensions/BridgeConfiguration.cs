namespace Bridge.Host.Extensions;

/// <summary>Where settings come from: the repository-root <c>appsettings.json</c>, then environment, then the command line.</summary>
public static class BridgeConfiguration
{
    /// <summary>
    /// Makes the root <c>appsettings.json</c> the base layer wherever the host runs from: the copy next to the binaries
    /// (the build links it there) is inserted first, so a file in the working directory, environment variables
    /// (<c>Storage__Provider</c>, <c>ConnectionStrings__Bridge</c>) and the command line still override it.
    /// </summary>
    public static void AddRootSettings(IConfigurationManager configuration)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(shipped))
            return;
        var builder = (IConfigurationBuilder)configuration;
        builder.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = shipped,
            Optional = true,
            ReloadOnChange = false,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
        });
    }

    /// <summary>
    /// The store from <c>Storage:*</c> and <c>ConnectionStrings:Bridge</c>. A relative SQLite path is taken from the
    /// repository root when running inside the repository (so <c>dotnet run --project src/Bridge.Host</c> uses
    /// <c>./data/bridge.db</c>), else from the working directory (e.g. <c>/app/data</c> in the container).
    /// </summary>
    public static StoreOptions Store(IConfiguration configuration)
    {
        var sqlitePath = configuration["Storage:SqlitePath"] ?? StoreOptions.DefaultSqlitePath;
        if (!Path.IsPathRooted(sqlitePath))
            sqlitePath = Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), sqlitePath);
        return StoreOptions.From(configuration["Storage:Provider"], configuration.GetConnectionString("Bridge"), sqlitePath);
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Affonso.Bridge.sln")))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>Registers the store and domain services from configuration (shared by the web host and the CLI).</summary>
    public static IHostApplicationBuilder AddBridgeServices(this IHostApplicationBuilder builder)
    {
        AddRootSettings(builder.Configuration);
        builder.Services.AddBridgeCore(Store(builder.Configuration), builder.Configuration.GetSection("Fraud:ExtraDisposableDomains").Get<string[]>());
        return builder;
    }
}
