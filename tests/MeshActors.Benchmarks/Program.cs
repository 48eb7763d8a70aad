using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/MeshActors.Benchmarks -- --filter '*Stun*'` runs one group;
// `-- --list flat` lists them. Each area keeps its benchmarks in its own folder.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
