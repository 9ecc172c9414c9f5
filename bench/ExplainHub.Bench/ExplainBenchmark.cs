using System.Diagnostics;
using System.Text.Json.Nodes;
using ExplainHub.Engine.Data;
using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Bench;

/// <summary>
/// Cost of the importance functions per image, through the engine's own IImportanceFunction API, next to
/// shared/reference/w5_attribution.py in the same run: ResNet-18 48×48×1 with 7 classes (random init, eval mode),
/// every 156th Fashion-MNIST test image upsampled bilinearly to 48×48, target = the prediction. Gradient, Grad-CAM
/// (last block) and CAM on the batch of 64 (median of 3 after a warm-up); occlusion (8×8 gray patch, stride 4: 121
/// copies an image) on the first 4 images, computed incrementally, with whole_copies_ms what classifying the copies
/// whole costs us. Ratio = reference ms / our ms (a speed-up). c-MWP (at ResNet's last block)
/// and tree contributions (TreeSHAP of a 50-tree forest on 28×28 images) have no reference and are reported alone.
/// </summary>
internal sealed class ExplainBenchmark : IBenchmark
{
    private const int Side = 48;
    private const int Images = 64;
    private const int OccludedImages = 4;

    public async Task<JsonObject> RunAsync(string[] args)
    {
        var threads = Environment.ProcessorCount;
        var (dataset, _) = SeedCnnBenchmark.LoadFashionMnist(threads);
        var images = Upsampled(dataset.Test);
        var info = new ModelInfo("bench", "bench", ModelKinds.ResNet18, dataset.Info.Id, [.. Enumerable.Range(0, 7).Select(c => $"c{c}")], null, 0, DateTimeOffset.UtcNow);
        using var model = ConvNetClassifier.Create(info, 1, Side, Side);
        var batch = ImportanceInput.Predicted(images, Images);

        var methods = new JsonObject();
        void Time(IImportanceFunction function, ImportanceInput input, int perImages, params MethodParameter[] parameters)
        {
            var settings = MethodSettings.Resolve(function.Info, parameters);
            var ms = StepTimer.MedianSeconds(() => function.Explain(model, input, settings), warmup: 1, iters: 3) * 1000 / perImages;
            methods[function.Info.Name] = new JsonObject { ["ms"] = Math.Round(ms, 2) };
            Console.Error.WriteLine($"ours: {function.Info.Name} {ms:0.00} ms/image");
        }

        Time(new GradientSaliency(), batch, Images);
        Time(new GradCam(), batch, Images);
        Time(new ClassActivationMap(), batch, Images);
        Time(new ExcitationBackpropMap(contrastive: true), batch, Images);
        var occlusion = new Occlusion();
        var occlusionSettings = MethodSettings.Resolve(occlusion.Info, [new("patch", "8"), new("stride", "4"), new("fill", "gray")]);
        var one = new ImportanceInput(images[..(Side * Side)], 1, [-1]);
        occlusion.Explain(model, one, occlusionSettings);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < OccludedImages; i++)
        {
            occlusion.Explain(model, new ImportanceInput(images[(i * Side * Side)..((i + 1) * Side * Side)], 1, [-1]), occlusionSettings);
        }

        var occlusionMs = watch.Elapsed.TotalMilliseconds / OccludedImages;
        var wholeMs = WholeCopiesMs(model.Network, images);
        methods[occlusion.Info.Name] = new JsonObject
        {
            ["ms"] = Math.Round(occlusionMs, 1),
            ["whole_copies_ms"] = Math.Round(wholeMs, 1),
        };
        Console.Error.WriteLine($"ours: occlusion {occlusionMs:0.0} ms/image (whole copies: {wholeMs:0.0})");
        methods[ExplanationMethods.TreeContributions] = new JsonObject { ["ms"] = Math.Round(TreeContributionsMs(dataset), 2) };

        Console.Error.WriteLine("reference: w5_attribution.py …");
        var reference = await ReferenceRunner.RunAsync("w5_attribution.py", threads);
        foreach (var (name, key) in new[]
        {
            (ExplanationMethods.Gradient, "grad_ms_per_img"), (ExplanationMethods.GradCam, "gradcam_ms_per_img"),
            (ExplanationMethods.Cam, "cam_ms_per_img"), (ExplanationMethods.Occlusion, "occlusion_ms_per_img"),
        })
        {
            var refMs = reference[key]!.GetValue<double>();
            var entry = methods[name]!.AsObject();
            entry["ref_ms"] = refMs;
            entry["ratio"] = Math.Round(refMs / entry["ms"]!.GetValue<double>(), 3);
        }

        return new JsonObject
        {
            ["benchmark"] = "explain",
            ["threads"] = threads,
            ["model"] = "resnet18 48x48x1, 7 classes, random init",
            ["batch"] = Images,
            ["methods"] = methods,
        };
    }

    // What occlusion cost before it went incremental: the 121 occluded copies of each image made whole and classified
    // in one batch, as the reference does, for the same images.
    private static double WholeCopiesMs(TorchNetwork network, float[] images)
    {
        const int patch = 8, stride = 4, size = Side * Side;
        var corners = Enumerable.Range(0, ((Side - patch) / stride) + 1).Select(p => p * stride).ToArray();
        var copies = new float[corners.Length * corners.Length * size];
        double Classify(int image)
        {
            var source = images.AsSpan(image * size, size);
            var j = 0;
            foreach (var top in corners)
            {
                foreach (var left in corners)
                {
                    var copy = copies.AsSpan(j++ * size, size);
                    source.CopyTo(copy);
                    for (var y = top; y < top + patch; y++)
                    {
                        copy.Slice((y * Side) + left, patch).Fill(0.5f);
                    }
                }
            }

            var watch = Stopwatch.StartNew();
            network.Predict(copies);
            return watch.Elapsed.TotalMilliseconds;
        }

        Classify(0);
        return Enumerable.Range(0, OccludedImages).Sum(Classify) / OccludedImages;
    }

    // The reference's inputs: test images 0, 156, 312, …, scaled to [0,1] and bilinearly resized (align_corners=false).
    private static float[] Upsampled(ImageSet test)
    {
        var small = new float[Images * test.ImageSize];
        for (var i = 0; i < Images; i++)
        {
            test.CopyScaled(i * 156, small.AsSpan(i * test.ImageSize, test.ImageSize));
        }

        using var scope = NewDisposeScope();
        var x = tensor(small, [Images, 1, 28, 28]);
        var up = nn.functional.interpolate(x, [Side, Side], mode: InterpolationMode.Bilinear, align_corners: false);
        return up.data<float>().ToArray();
    }

    private static double TreeContributionsMs(IDataset dataset)
    {
        var train = dataset.Train;
        const int rows = 2000;
        var values = new float[rows * train.ImageSize];
        var labels = new int[rows];
        var step = train.Count / rows; // the package's split may be grouped by class
        for (var i = 0; i < rows; i++)
        {
            train.CopyScaled(i * step, values.AsSpan(i * train.ImageSize, train.ImageSize));
            labels[i] = train.Labels[i * step];
        }

        var samples = new SampleMatrix(values, labels, train.ImageSize, dataset.Info.ClassNames.Count);
        var info = new ModelInfo("bench-forest", "bench", ModelKinds.RandomForest, dataset.Info.Id, dataset.Info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        using var forest = new RandomForestFamily().Fit(info, new ImageShape(1, 28, 28), samples, new ClassicalOptions(Estimators: 50, MaxDepth: 10), FitMonitor.None);
        var input = ImportanceInput.Predicted(values[..(Images * train.ImageSize)], Images);
        var function = new TreeContributions();
        var ms = StepTimer.MedianSeconds(() => function.Explain(forest, input, MethodSettings.Defaults(function.Info)), warmup: 1, iters: 3) * 1000 / Images;
        Console.Error.WriteLine($"ours: tree-contributions {ms:0.00} ms/image (50 trees, depth 10, 28×28)");
        return ms;
    }
}
