using System.Text.Json.Nodes;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;

namespace ExplainHub.Bench;

/// <summary>
/// <c>./bench.sh cnn</c>: training and inference images/s of the zoo on fixed random batches, measured as
/// reference/w2_resnet.py and w3_vgg16bn.py measure them (SGD 0.01 momentum 0.9, median of timed steps after a
/// warm-up), then those scripts in the same run. ResNet-18/34 on 48×48×1 with 7 classes (FER2013's shape), VGG-16-BN
/// on 96×96×3 with 10 classes (STL-10's). Our VGG has a GAP head (CAM needs one); the reference runs its "small" head
/// (flatten 3×3×512 → 512 → 10), the closest of its two: the convolutions, where the time goes, are the same.
/// </summary>
internal sealed class CnnBenchmark : IBenchmark
{
    private sealed record Workload(string Name, string Architecture, int Channels, int Side, int Classes, int TrainBatch, int TrainIters, int? InferBatch);

    private static readonly Workload[] Workloads =
    [
        new("resnet18", "resnet18", 1, 48, 7, 64, 4, 256),
        new("resnet34", "resnet34", 1, 48, 7, 64, 3, null),
        new("vgg16_bn", "vgg16-bn", 3, 96, 10, 32, 3, 64),
    ];

    public async Task<JsonObject> RunAsync(string[] args)
    {
        var threads = Environment.ProcessorCount;
        TorchRuntime.Configure(threads, 0);
        var models = new JsonObject();
        foreach (var workload in Workloads.Where(w => args.Length == 0 || args.Contains(w.Name)))
        {
            Console.Error.WriteLine($"ours: {workload.Name} …");
            models[workload.Name] = Measure(workload);
            Console.Error.WriteLine($"ours: {models[workload.Name]!.ToJsonString()}");
        }

        Console.Error.WriteLine("reference: w2_resnet.py …");
        var w2 = await ReferenceRunner.RunAsync("w2_resnet.py", threads);
        Console.Error.WriteLine("reference: w3_vgg16bn.py --head small …");
        var w3 = await ReferenceRunner.RunAsync("w3_vgg16bn.py", threads, "--head", "small");
        Compare(models, "resnet18", w2["r18_train_img_per_s_b64"], w2["r18_infer_img_per_s_b256"]);
        Compare(models, "resnet34", w2["r34_train_img_per_s_b64"], null);
        Compare(models, "vgg16_bn", w3["train_img_per_s_b32"], w3["infer_img_per_s_b64"]);
        return new JsonObject { ["benchmark"] = "cnn", ["threads"] = threads, ["models"] = models };
    }

    private static JsonObject Measure(Workload workload)
    {
        using var net = TorchNetwork.Create(workload.Architecture, workload.Channels, workload.Side, workload.Side, workload.Classes);
        net.UseSgd(0.01, 0.9);
        var random = new Random(0);
        var images = new float[workload.TrainBatch * workload.Channels * workload.Side * workload.Side];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = (float)random.NextDouble();
        }

        var labels = Enumerable.Range(0, workload.TrainBatch).Select(_ => (long)random.Next(workload.Classes)).ToArray();
        var trainStep = StepTimer.MedianSeconds(() => net.TrainStep(images, labels), warmup: 1, iters: workload.TrainIters);
        var result = new JsonObject
        {
            ["params"] = net.ParameterCount,
            ["train_ips"] = Math.Round(workload.TrainBatch / trainStep, 2),
        };

        if (workload.InferBatch is { } batch)
        {
            var inputs = new float[batch * workload.Channels * workload.Side * workload.Side];
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = (float)random.NextDouble();
            }

            result["infer_ips"] = Math.Round(batch / StepTimer.MedianSeconds(() => net.Predict(inputs), warmup: 1, iters: 4), 2);
        }

        result["peak_rss_mb"] = ProcessMemory.PeakRssMb();
        return result;
    }

    private static void Compare(JsonObject models, string name, JsonNode? refTrain, JsonNode? refInfer)
    {
        if (models[name] is not JsonObject ours)
        {
            return;
        }

        if (refTrain is not null)
        {
            ours["ref_train_ips"] = refTrain.GetValue<double>();
            ours["train_ratio"] = Math.Round(ours["train_ips"]!.GetValue<double>() / refTrain.GetValue<double>(), 3);
        }

        if (refInfer is not null && ours["infer_ips"] is { } infer)
        {
            ours["ref_infer_ips"] = refInfer.GetValue<double>();
            ours["infer_ratio"] = Math.Round(infer.GetValue<double>() / refInfer.GetValue<double>(), 3);
        }
    }
}
