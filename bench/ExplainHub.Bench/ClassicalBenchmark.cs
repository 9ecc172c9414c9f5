using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Bench;

/// <summary>
/// <c>./bench.sh classical [case …] [--train-sizes 2000,8000,60000]</c>: each classical family fitted on the same
/// Fashion-MNIST subset as w7_sklearn.py (pixels / 255, the full 10k test split), then the reference case in the same
/// run. Prints {"models": {name: {accuracy, ref_accuracy, fit_s, ref_fit_s, fit_ratio, predict_s, ref_predict_s, predict_ratio, …}}}
/// (ratios: ours / scikit-learn's seconds, below 1 is faster).
/// With <c>--train-sizes</c> every case is fitted at each size instead of w7's own (entries "name@size"), scikit-learn
/// by the bench's helper sklearn_at_size.py with w7's estimator and settings, since w7's sizes are fixed.
/// <c>--max-pool K</c> (with --train-sizes) runs both sides on the images after K×K max pooling: a second data set
/// nothing here was tuned on.
/// </summary>
internal sealed class ClassicalBenchmark : IBenchmark
{
    private const int PredictBatch = 2000;

    public async Task<JsonObject> RunAsync(string[] args)
    {
        var threads = Environment.ProcessorCount;
        var sizes = TrainSizes(args);
        var pool = MaxPool(args);
        string[] valued = ["--train-sizes", "--max-pool"];
        var names = args.Where((a, i) => !valued.Contains(a) && (i == 0 || !valued.Contains(args[i - 1]))).ToArray();
        var cases = names.Length == 0 ? ClassicalCase.All : ClassicalCase.All.Where(c => names.Contains(c.Name)).ToList();
        if (pool > 1 && sizes.Count == 0)
        {
            throw new InvalidOperationException("--max-pool needs --train-sizes (w7_sklearn.py's own cases see 28×28 pixels only)");
        }

        if (sizes.Count > 0)
        {
            cases = cases.SelectMany(c => sizes.Select(n => c with { Name = $"{c.Name}@{n}", TrainCount = n, FixedReference = false })).ToList();
        }

        if (cases.Count == 0)
        {
            throw new InvalidOperationException($"no such case; cases: {string.Join(", ", ClassicalCase.All.Select(c => c.Name))}");
        }

        var (fashionMnist, _) = SeedCnnBenchmark.LoadFashionMnist(threads);
        var dataset = pool > 1 ? new MaxPooledDataset(fashionMnist, pool) : fashionMnist;
        var order = await ReferencePermutationAsync(dataset.Train.Count);
        var test = dataset.Test;
        var models = new JsonObject();
        var references = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var benchCase in cases)
        {
            Console.Error.WriteLine($"{benchCase.Name}: ours ({benchCase.Kind}, {benchCase.TrainCount} images) …");
            var ours = RunOurs(benchCase, dataset, order, test);
            Console.Error.WriteLine($"{benchCase.Name}: ours {ours.ToJsonString()}");
            Console.Error.WriteLine(benchCase.FixedReference
                ? $"{benchCase.Name}: reference w7_sklearn.py {benchCase.ReferenceCase} …"
                : $"{benchCase.Name}: scikit-learn as w7's {benchCase.ReferenceCase}, {benchCase.TrainCount} images (sklearn_at_size.py) …");
            // A variant of ours against the same reference case reuses the reference run.
            var referenceKey = benchCase.FixedReference ? benchCase.ReferenceCase : $"{benchCase.ReferenceCase}@{benchCase.TrainCount}";
            if (!references.TryGetValue(referenceKey, out var reference))
            {
                reference = benchCase.FixedReference
                    ? await ReferenceRunner.RunAsync("w7_sklearn.py", threads, benchCase.ReferenceCase)
                    : await ReferenceRunner.RunScriptAsync(Path.Combine(AppContext.BaseDirectory, "sklearn_at_size.py"), threads,
                        new Dictionary<string, string> { ["REFERENCE_DIR"] = ReferenceRunner.ReferenceDirectory() },
                        benchCase.ReferenceCase, benchCase.TrainCount.ToString(CultureInfo.InvariantCulture), pool.ToString(CultureInfo.InvariantCulture));
                references[referenceKey] = reference;
            }

            models[benchCase.Name] = Combine(benchCase, ours, reference);
            Console.Error.WriteLine($"{benchCase.Name}: {models[benchCase.Name]!.ToJsonString()}");
        }

        return new JsonObject { ["benchmark"] = "classical", ["threads"] = threads, ["dataset"] = dataset.Info.Id, ["models"] = models };
    }

    private static JsonObject RunOurs(ClassicalCase benchCase, IDataset dataset, int[] order, ImageSet test)
    {
        var family = ClassicalFamilies.Find(benchCase.Kind);
        if (family is null)
        {
            return new JsonObject { ["skipped"] = $"no {benchCase.Kind} family in this engine" };
        }

        var train = dataset.Train.Select(order.Take(benchCase.TrainCount).ToArray());
        var info = new ModelInfo("bench", benchCase.Name, benchCase.Kind, dataset.Info.Id, dataset.Info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        var shape = new ImageShape(dataset.Info.Channels, dataset.Info.Height, dataset.Info.Width);
        var samples = SampleMatrix.FromImages(train, dataset.Info.ClassNames.Count);

        // One small fit first, untimed: the engine is a long-running process, which compiles a family's code once
        // (tiered JIT: measured 0.4 s of a 1.1 s first forest fit on 2k images), not once per model; the reference's
        // estimators are compiled ahead (Cython). The same settings on the first 1,000 of the images take every path.
        var warmUp = train.Select(Enumerable.Range(0, Math.Min(1000, train.Count)).ToArray());
        family.Fit(info, shape, SampleMatrix.FromImages(warmUp, dataset.Info.ClassNames.Count), benchCase.Options, FitMonitor.None).Dispose();

        var clock = Stopwatch.StartNew();
        using var model = family.Fit(info, shape, samples, benchCase.Options, FitMonitor.None);
        var fitSeconds = clock.Elapsed.TotalSeconds;

        // One small prediction first, untimed: the first call of a process starts libtorch's BLAS and JIT-compiles the
        // path, which a loaded model pays once, not per prediction (the reference's numpy is warm from its import).
        Evaluation.PredictClasses(model, test.Select(Enumerable.Range(0, Math.Min(Evaluation.BatchSize, test.Count)).ToArray()));
        clock.Restart();
        var predicted = Evaluation.PredictClasses(model, test);
        var predictSeconds = clock.Elapsed.TotalSeconds;
        var correct = predicted.Where((p, i) => p == test.Labels[i]).Count();
        return new JsonObject
        {
            ["accuracy"] = Math.Round((double)correct / test.Count, 4),
            ["fit_s"] = Math.Round(fitSeconds, 2),
            ["predict_s"] = Math.Round(predictSeconds, 3),
            ["n_train"] = train.Count,
            ["peak_rss_mb"] = ProcessMemory.PeakRssMb(),
        };
    }

    private static JsonObject Combine(ClassicalCase benchCase, JsonObject ours, JsonObject reference)
    {
        var result = new JsonObject();
        foreach (var (key, value) in ours)
        {
            result[key] = value?.DeepClone();
        }

        var refAccuracy = reference["test_acc"]!.GetValue<double>();
        var refFit = reference["fit_s"]!.GetValue<double>();
        if (benchCase.ReferenceCase == "pca_svc" && benchCase.FixedReference)
        {
            // scikit-learn times the PCA apart: its fit, then the transform of train + test (20k; half is training).
            refFit += reference["pca_fit_s"]!.GetValue<double>() + (reference["pca_transform_20k_s"]!.GetValue<double>() / 2);
        }

        result["ref_accuracy"] = refAccuracy;
        result["ref_fit_s"] = Math.Round(refFit, 2);
        result["ref_predict_s"] = reference["predict_s"]!.GetValue<double>();
        if (ours["fit_s"] is { } fit && ours["accuracy"] is { } accuracy)
        {
            result["fit_ratio"] = Math.Round(fit.GetValue<double>() / refFit, 3);
            result["accuracy_delta"] = Math.Round(accuracy.GetValue<double>() - refAccuracy, 4);
        }

        if (ours["predict_s"] is { } predict && reference["predict_s"]!.GetValue<double>() is > 0 and var refPredict)
        {
            result["predict_ratio"] = Math.Round(predict.GetValue<double>() / refPredict, 3);
        }

        foreach (var extra in new[] { "n_sv", "explained_var", "convergence_warnings" })
        {
            if (reference[extra] is { } value)
            {
                result["ref_" + extra] = value.DeepClone();
            }
        }

        return result;
    }

    /// <summary>"--train-sizes 2000,8000,60000": the training subset sizes to fit every case at (none: w7's own sizes).</summary>
    private static IReadOnlyList<int> TrainSizes(string[] args)
    {
        var at = Array.IndexOf(args, "--train-sizes");
        if (at < 0)
        {
            return [];
        }

        var sizes = at + 1 < args.Length ? args[at + 1].Split(',') : [];
        return sizes.Length > 0 && sizes.All(s => int.TryParse(s, CultureInfo.InvariantCulture, out var n) && n is >= 20 and <= 60_000)
            ? sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : throw new InvalidOperationException("--train-sizes takes sizes from 20 to 60000, comma separated (e.g. 2000,8000,60000)");
    }

    /// <summary>"--max-pool K": both sides see the images after K×K max pooling (<see cref="MaxPooledDataset"/>); 1 = as they are.</summary>
    private static int MaxPool(string[] args)
    {
        var at = Array.IndexOf(args, "--max-pool");
        return at < 0 ? 1
            : at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var k) && k is >= 1 and <= 7 ? k
            : throw new InvalidOperationException("--max-pool takes a pooling size from 1 to 7 (e.g. 2: 28×28 → 14×14)");
    }

    /// <summary>numpy.random.default_rng(0).permutation(n): w7_sklearn.py's training order, asked of numpy itself.</summary>
    private static async Task<int[]> ReferencePermutationAsync(int count)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"import numpy as np; print(','.join(map(str, np.random.default_rng(0).permutation({count}))))");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("numpy could not draw the reference permutation: " + await process.StandardError.ReadToEndAsync());
        }

        return output.Trim().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }
}
