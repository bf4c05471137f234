using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/FanRewards.Benchmarks -- --filter '*'   (add --job short for a quick look)
BenchmarkSwitcher.FromAssembly(typeof(FanRewards.Benchmarks.DrawBenchmarks).Assembly).Run(args);
