namespace Bridge.Reliability;

/// <summary>Suite sizes: bounded by default (CI), full with <c>BRIDGE_RELIABILITY_FULL=1</c>.</summary>
public static class ReliabilitySize
{
    public static bool Full => Environment.GetEnvironmentVariable("BRIDGE_RELIABILITY_FULL") == "1";

    public static int Pick(int bounded, int full) => Full ? full : bounded;
}
