namespace Bridge.Reliability.Fuzz;

/// <summary>
/// Fixed, printed seeds (overridable with an environment variable to explore) and per-item seeds derived from them, so
/// item <c>n</c> of a run reproduces alone whatever ran before it or however fast the machine was.
/// </summary>
public static class Seeds
{
    /// <summary>The seed in <paramref name="variable"/> when set (decimal), else <paramref name="fallback"/>.</summary>
    public static int From(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var seed) ? seed : fallback;

    /// <summary>A well-mixed 31-bit seed for item <paramref name="index"/> of a run seeded with <paramref name="seed"/> (SplitMix64).</summary>
    public static int Derive(int seed, long index)
    {
        unchecked
        {
            var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFF_FFFF);
        }
    }

    /// <summary>A stable (not per-process randomized) hash of a name, to give each provider its own stream.</summary>
    public static int Of(string name)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in name)
                hash = (hash ^ c) * 16777619;
            return hash & 0x7FFF_FFFF;
        }
    }
}
