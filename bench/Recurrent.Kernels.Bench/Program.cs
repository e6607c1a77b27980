// `dotnet run -c Release --project bench/Recurrent.Kernels.Bench -- --filter '*'` (BenchmarkDotNet's options apply).
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Recurrent.Kernels.Bench.ProductBenchmarks).Assembly).Run(args);
