using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace Bridge.Testing;

/// <summary>Runs a theory once per store: <c>[Theory, BothStores]</c> with a <see cref="StoreKind"/> parameter.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothStoresAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        ValueTask.FromResult<IReadOnlyCollection<ITheoryDataRow>>(
        [
            new TheoryDataRow<StoreKind>(StoreKind.Sqlite),
            new TheoryDataRow<StoreKind>(StoreKind.Postgres),
        ]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
