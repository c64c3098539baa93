// One app and one browser serve every test; the tests take turns with them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: AssemblyFixture(typeof(ConsoleFixture))]
