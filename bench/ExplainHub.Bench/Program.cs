using ExplainHub.Bench;

// ./bench.sh NAME → dotnet ExplainHub.Bench.dll NAME: our workload, then the reference's in the same run;
// the last line printed is one JSON object with both and the ratios.
// As the app and the CLI do: a benchmark that runs on worker threads measures what their jobs get.
ExplainHub.Engine.Hosting.MallocArenas.EnsureSingleArena();
var name = args.Length > 0 ? args[0] : string.Empty;
IBenchmark? benchmark = name switch
{
    "seed-cnn" => new SeedCnnBenchmark(),
    "seed-cnn-tuned" => new SeedCnnTunedBenchmark(),
    "classical" => new ClassicalBenchmark(),
    "cnn" => new CnnBenchmark(),
    "resnet-fmnist" => new ResNetFashionMnistBenchmark(),
    "explain" => new ExplainBenchmark(),
    "evaluate" => new EvaluateBenchmark(),
    "sessions" => new SessionsBenchmark(),
    "perturb" => new PerturbBenchmark(),
    _ => null,
};

if (benchmark is null)
{
    Console.Error.WriteLine($"error: unknown benchmark '{name}'. Known: seed-cnn, seed-cnn-tuned, classical, cnn, resnet-fmnist, explain, evaluate, sessions, perturb.");
    return 2;
}

try
{
    var result = await benchmark.RunAsync(args.Skip(1).ToArray());
    Console.WriteLine(result.ToJsonString());
    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or ExplainHub.Shared.EngineException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}
