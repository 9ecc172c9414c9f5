using System.Text.Json.Nodes;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Perturbation;
using static TorchSharp.torch;

namespace ExplainHub.Bench;

/// <summary>
/// Seed 004's two training phases as ../shared/reference/w4_unet.py measures them, in the same run: the U-Net
/// autoencoder (widths 32-64-128-256) on random 96×96×3 images, batch 16, Adam 1e-3 — (a) reconstruction (BCE), median
/// of 5 steps after 1 warm-up; (b) fine-tuning through a frozen VGG-16-BN (evaluation mode, no parameter gradients),
/// cross-entropy on 10 classes, median of 3 steps after 1. Our VGG-16-BN is the zoo's (a GAP head, so CAM applies);
/// the reference's has torchvision's dense head (AdaptiveAvgPool 7×7 → 25088-4096-4096-10), a few percent of the
/// convolutions' work at this size: the fine-tune ratio carries that difference and says so.
/// </summary>
internal sealed class PerturbBenchmark : IBenchmark
{
    private const int Batch = 16;
    private const int Side = 96;

    public async Task<JsonObject> RunAsync(string[] args)
    {
        var threads = Environment.ProcessorCount;
        TorchRuntime.Configure(threads, 0);
        var ours = Measure();
        Console.Error.WriteLine($"ours: {ours.ToJsonString()}");
        Console.Error.WriteLine("reference: w4_unet.py …");
        var reference = await ReferenceRunner.RunAsync("w4_unet.py", threads);
        var recon = reference["recon_train_img_per_s_b16"]!.GetValue<double>();
        var fineTune = reference["finetune_train_img_per_s_b16"]!.GetValue<double>();
        return new JsonObject
        {
            ["benchmark"] = "perturb",
            ["threads"] = threads,
            ["ours"] = ours,
            ["reference"] = new JsonObject
            {
                ["recon_train_ips"] = recon,
                ["finetune_train_ips"] = fineTune,
                ["unet_params"] = reference["unet_params"]?.DeepClone(),
                ["classifier"] = "vgg16_bn, torchvision head",
            },
            ["ratios"] = new JsonObject
            {
                ["recon_train"] = Math.Round(ours["recon_train_ips"]!.GetValue<double>() / recon, 3),
                ["finetune_train"] = Math.Round(ours["finetune_train_ips"]!.GetValue<double>() / fineTune, 3),
            },
        };
    }

    private static JsonObject Measure()
    {
        manual_seed(0);
        using var autoencoder = new UNetAutoencoder(3);
        using var images = rand(Batch, 3, Side, Side);
        using var labels = randint(0, 10, [Batch]);
        double reconstruction, fineTuning;
        using (var training = new AutoencoderTraining(autoencoder))
        {
            reconstruction = StepTimer.MedianSeconds(() => training.ReconstructionStep(images), warmup: 1, iters: 5);
        }

        using var vgg = NetworkZoo.Create("vgg16-bn", 3, Side, Side, 10);
        var frozen = new FrozenClassifier(vgg);
        using (var training = new AutoencoderTraining(autoencoder))
        {
            fineTuning = StepTimer.MedianSeconds(() => training.FineTuneStep(frozen, images, labels), warmup: 1, iters: 3);
        }

        return new JsonObject
        {
            ["recon_train_ips"] = Math.Round(Batch / reconstruction, 2),
            ["finetune_train_ips"] = Math.Round(Batch / fineTuning, 2),
            ["unet_params"] = autoencoder.parameters().Sum(p => p.numel()),
            ["classifier"] = "vgg16-bn, GAP head",
            ["peak_rss_mb"] = ProcessMemory.PeakRssMb(),
        };
    }
}
