namespace Bridge.Testing;

/// <summary>Paths inside the repository, found by walking up from the test binaries to the solution file.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Affonso.Bridge.sln")))
                return dir.FullName;
        }
        var built = typeof(RepoPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "RepoRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "Affonso.Bridge.sln")))
            return built;
        throw new InvalidOperationException("Affonso.Bridge.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string Fixtures => Path.Combine(Root, "fixtures");

    public static string FixturesOf(string provider) => Path.Combine(Fixtures, provider);
}
