using ExplainHub.Engine.Perturbation;
using ExplainHub.Shared;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// A GAP-head network of the zoo with its optimiser and training-time augmentation. Inputs are float32 batches
/// N×C×H×W in [0,1]. One caller at a time (a lock): a module's train/eval switch is not safe to share. Every call
/// runs in its own dispose scope, so no tensor outlives it but the module's own.
/// </summary>
public sealed class TorchNetwork : IDisposable
{
    private const string CheckpointMagic = "explainhub-checkpoint/1";

    private readonly Lock gate = new();
    private readonly GapNetwork module;
    private readonly Func<GapNetwork> rebuild;
    private readonly Device device;
    private OptimizerHelper optimizer;
    private Augmentation? augmentation;
    private Generator augmentationGenerator;

    private TorchNetwork(Func<GapNetwork> build, string architecture, int channels, int height, int width, int classes)
    {
        rebuild = build;
        module = build();
        Architecture = architecture;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
        device = TorchRuntime.Device;
        if (device.type != DeviceType.CPU)
        {
            module.to(device);
        }

        optimizer = optim.Adam(module.parameters(), 1e-3);
        augmentationGenerator = new Generator(0, CPU);
    }

    public string Architecture { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public int Classes { get; }

    public int ImageSize => Channels * Height * Width;

    /// <summary>The TorchSharp module itself, for explanations that need its layers and autograd.</summary>
    public GapNetwork Module => module;

    public static TorchNetwork Create(string architecture, int channels, int height, int width, int classes)
    {
        TorchRuntime.EnsureStarted();
        return new TorchNetwork(() => NetworkZoo.Create(architecture, channels, height, width, classes), architecture, channels, height, width, classes);
    }

    /// <summary>
    /// Seed 004's combined model: a U-Net autoencoder of <paramref name="widths"/> in front of a
    /// <paramref name="classifierArchitecture"/> network, both freshly initialised (<see cref="PerturbedNetwork"/>).
    /// </summary>
    public static TorchNetwork CreatePerturbed(string classifierArchitecture, IReadOnlyList<long> widths, int channels, int height, int width, int classes)
    {
        TorchRuntime.EnsureStarted();
        return new TorchNetwork(
            () =>
            {
                var classifier = NetworkZoo.Create(classifierArchitecture, channels, height, width, classes);
                return new PerturbedNetwork(new UNetAutoencoder(channels, widths), classifier);
            },
            ModelKinds.AutoencoderPerturbed, channels, height, width, classes);
    }

    public long ParameterCount => module.parameters().Sum(p => p.numel());

    /// <summary>K, the GAP features the head reads (channels of the last conv block).</summary>
    public int FeatureCount => (int)module.Head.weight!.shape[1];

    public void UseAdam(double learningRate, double weightDecay = 0)
    {
        CheckLearningRate(learningRate);
        lock (gate)
        {
            optimizer.Dispose();
            optimizer = optim.Adam(module.parameters(), learningRate, weight_decay: weightDecay);
        }
    }

    public void UseSgd(double learningRate, double momentum, double weightDecay = 0)
    {
        CheckLearningRate(learningRate);
        lock (gate)
        {
            optimizer.Dispose();
            optimizer = optim.SGD(module.parameters(), learningRate, momentum: momentum, weight_decay: weightDecay);
        }
    }

    /// <summary>Sets the learning rate of every parameter group, for schedules driven from C#.</summary>
    public void SetLearningRate(double learningRate)
    {
        CheckLearningRate(learningRate);
        lock (gate)
        {
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }
        }
    }

    /// <summary>Per-channel (x − mean)/std inside the network, for inputs in [0,1]; saved with the weights.</summary>
    public void SetInputNormalization(ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (mean.Length != Channels || std.Length != Channels)
        {
            throw new ArgumentException($"Need one mean and one std per channel ({Channels}).", nameof(mean));
        }

        foreach (var s in std)
        {
            if (!(s > 0) || !float.IsFinite(s))
            {
                throw NetworkException.Invalid("standard deviations must be positive");
            }
        }

        var m = mean.ToArray();
        var d = std.ToArray();
        lock (gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            module.InputMean.copy_(TensorData.From(m, 1, Channels, 1, 1));
            module.InputStd.copy_(TensorData.From(d, 1, Channels, 1, 1));
        }
    }

    /// <summary>Random augmentation of every training batch inside the training step (on the network's device); null = off.</summary>
    public void SetAugmentation(Augmentation? augmentation, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        if (augmentation is { } a && (a.RotationDegrees is < 0 or > 180 || a.MaxShiftPixels < 0))
        {
            throw NetworkException.Invalid("rotation must be 0..180 degrees and the shift not negative");
        }

        lock (gate)
        {
            this.augmentation = augmentation;
            augmentationGenerator.Dispose();
            augmentationGenerator = new Generator((ulong)seed, CPU);
        }
    }

    /// <summary>
    /// Re-initialises the weights: "glorot" = Xavier-uniform weights and zero biases (Keras' default, which the
    /// seed-001 figures were made with); "torch" = PyTorch's defaults (Kaiming-uniform, a = √5).
    /// </summary>
    public void Initialize(string scheme)
    {
        if (scheme is not ("glorot" or "torch"))
        {
            throw NetworkException.Invalid($"unknown initialisation '{scheme}' (known: torch, glorot)");
        }

        lock (gate)
        {
            InitializeLayers(module.modules(), scheme);
        }
    }

    // Glorot, or PyTorch's default (Kaiming-uniform with a = √5, bias uniform in ±1/√fan-in), for every conv and linear layer.
    private static void InitializeLayers(IEnumerable<nn.Module> layers, string scheme)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var layer in layers)
        {
            var (weight, bias) = layer switch
            {
                Conv2d conv => (conv.weight, conv.bias),
                Linear linear => (linear.weight, linear.bias),
                _ => (null, null),
            };
            if (weight is null)
            {
                continue;
            }

            if (scheme == "glorot")
            {
                init.xavier_uniform_(weight);
                if (bias is not null)
                {
                    init.zeros_(bias);
                }
            }
            else
            {
                init.kaiming_uniform_(weight, Math.Sqrt(5));
                if (bias is not null)
                {
                    var bound = 1 / Math.Sqrt(weight.shape.Skip(1).Aggregate(1L, (x, y) => x * y));
                    init.uniform_(bias, -bound, bound);
                }
            }
        }
    }

    /// <summary>A network of the same architecture holding a copy of this one's weights and buffers.</summary>
    public TorchNetwork Clone()
    {
        var copy = new TorchNetwork(rebuild, Architecture, Channels, Height, Width, Classes);
        try
        {
            copy.SetState(State().ToDictionary(t => t.Name, StringComparer.Ordinal));
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>The network's top-level parts that hold convolutions or linear layers, the head first: the cascade of a randomisation check.</summary>
    public IReadOnlyList<string> CascadeLayers => module.named_children()
        .Where(c => c.module.modules().Prepend(c.module).Any(m => m is TorchSharp.Modules.Conv2d or TorchSharp.Modules.Linear)).Select(c => c.name).Reverse().ToArray();

    /// <summary>
    /// Gives the convolutions and linear layers of top-level part <paramref name="part"/> fresh weights (PyTorch's
    /// default initialisation, drawn from <paramref name="seed"/>) — Adebayo et al. 2018's cascading randomisation.
    /// </summary>
    public void Reinitialize(string part, long seed)
    {
        lock (gate)
        {
            var child = module.named_children().FirstOrDefault(c => c.name == part).module
                ?? throw NetworkException.Invalid($"this network has no part '{part}'; its parts are {string.Join(", ", CascadeLayers)}");
            random.manual_seed(seed);
            // TorchSharp's modules() leaves out the module itself, which is often the layer.
            InitializeLayers(child.modules().Prepend(child).Distinct(), "torch");
        }
    }

    /// <summary>One optimiser step; returns the batch's mean cross-entropy and its number of correct predictions.</summary>
    public (float Loss, long Correct) TrainStep(ReadOnlySpan<float> images, ReadOnlySpan<long> labels)
    {
        var count = CheckBatch(images, labels.Length);
        foreach (var label in labels)
        {
            if (label < 0 || label >= Classes)
            {
                throw NetworkException.Invalid($"label out of range for this network's {Classes} classes: {label}");
            }
        }

        lock (gate)
        {
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.From(images, count, Channels, Height, Width));
            var y = OnDevice(TensorData.From(labels, count));
            return NetworkException.Guard(() =>
            {
                // Channels-last for training too (as inference, TensorData.ImagesChannelsLast): oneDNN and the
                // batch-norm kernels then keep the activations in that layout forward and backward without reorders.
                x = TensorData.ChannelsLast(BatchAugmentation.Apply(x, augmentation, augmentationGenerator));
                module.train();
                optimizer.zero_grad();
                var logits = module.call(x);
                var loss = functional.cross_entropy(logits, y);
                loss.backward();
                optimizer.step();
                return (loss.item<float>(), logits.argmax(1).eq(y).sum().item<long>());
            });
        }
    }

    /// <summary>Softmax probabilities, Count×Classes row-major, evaluation mode, no gradients.</summary>
    public float[] Predict(ReadOnlySpan<float> images) => Evaluate(images, x => softmax(module.call(x), 1));

    /// <summary>
    /// Softmax probabilities of a batch that is already a tensor (count×C×H×W in [0,1], on the CPU), without copying it
    /// out and back: what the scores send through a network many times over.
    /// </summary>
    public float[] Predict(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != Channels || images.shape[2] != Height || images.shape[3] != Width || images.shape[0] < 1)
        {
            throw NetworkException.Invalid($"a batch for this network is N×{Channels}×{Height}×{Width}, not {string.Join("×", images.shape)}");
        }

        lock (gate)
        {
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.ChannelsLast(images.to(ScalarType.Float32)));
            return NetworkException.Guard(() =>
            {
                using var noGrad = no_grad();
                module.eval();
                return TensorData.ToFloats(softmax(module.call(x), 1));
            });
        }
    }

    /// <summary>What a combined model's autoencoder makes of each image (Count×C×H×W in [0,1]); a network without one is refused.</summary>
    public float[] Transform(ReadOnlySpan<float> images) => module is PerturbedNetwork perturbed
        ? Evaluate(images, perturbed.Autoencoder.call)
        : throw NetworkException.Invalid($"a {Architecture} network has no autoencoder in front of it");

    /// <summary>Whether <see cref="OccludedProbabilities"/> can compute occluded copies incrementally for this network.</summary>
    public bool OccludesIncrementally => IncrementalOcclusion.Applies(module);

    /// <summary>
    /// Softmax probabilities (copies×Classes) of one image with a <paramref name="patch"/>-sided square of
    /// <paramref name="fill"/> at each (<paramref name="tops"/>[j], <paramref name="lefts"/>[j]), each layer computing only
    /// the cells the patch changes (<see cref="IncrementalOcclusion"/>); evaluation mode, no gradients.
    /// </summary>
    public float[] OccludedProbabilities(ReadOnlySpan<float> image, int[] tops, int[] lefts, int patch, float fill)
    {
        CheckBatch(image, 1);
        if (tops.Length != lefts.Length || tops.Length == 0)
        {
            throw NetworkException.Invalid($"occlusion needs one left for every top and at least one patch, not {tops.Length} and {lefts.Length}");
        }

        if (patch < 1 || tops.Any(t => t < 0 || t + patch > Height) || lefts.Any(l => l < 0 || l + patch > Width))
        {
            throw NetworkException.Invalid($"every {patch}-pixel patch must lie inside the {Height}×{Width} image");
        }

        if (!OccludesIncrementally)
        {
            throw NetworkException.Invalid($"a {Architecture} network cannot be occluded incrementally: its trunk is not described layer by layer, or its input is not read pixel by pixel");
        }

        lock (gate)
        {
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.ImagesChannelsLast(image, 1, Channels, Height, Width));
            return NetworkException.Guard(() =>
            {
                using var noGrad = no_grad();
                module.eval();
                return TensorData.ToFloats(IncrementalOcclusion.Probabilities(module, x, tops, lefts, patch, fill));
            });
        }
    }

    /// <summary>The GAP features of each image, count×<see cref="FeatureCount"/>, in evaluation mode.</summary>
    public float[] Features(ReadOnlySpan<float> images) => Evaluate(images, x => module.Features(x).mean([2, 3]));

    // One batch through the network in evaluation mode without gradients; everything it makes dies with its scope.
    private float[] Evaluate(ReadOnlySpan<float> images, Func<Tensor, Tensor> pass)
    {
        var count = CheckBatch(images, images.Length / Math.Max(1, ImageSize));
        lock (gate)
        {
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.ImagesChannelsLast(images, count, Channels, Height, Width));
            return NetworkException.Guard(() =>
            {
                using var noGrad = no_grad();
                module.eval();
                return TensorData.ToFloats(pass(x));
            });
        }
    }

    /// <summary>
    /// Raw CAM per image at input resolution (Count×H×W), for <paramref name="targets"/> (−1: predicted class),
    /// with the classes actually used and the probabilities.
    /// </summary>
    public CamResult Cam(ReadOnlySpan<float> images, ReadOnlySpan<long> targets)
    {
        var count = CheckBatch(images, targets.Length);
        CheckTargets(targets);

        lock (gate)
        {
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.ImagesChannelsLast(images, count, Channels, Height, Width));
            var requested = OnDevice(TensorData.From(targets, count));
            return NetworkException.Guard(() =>
            {
                using var noGrad = no_grad();
                module.eval();
                var features = module.Features(x); // N×K×h×w
                var probabilities = softmax(module.Head.call(features.mean([2, 3])), 1);
                var chosen = where(requested.lt(0), probabilities.argmax(1), requested);
                // M_c(x,y) = Σ_k w_k^c F_k(x,y) (Zhou et al. 2016, eq. 2); the bias shifts every pixel alike.
                var weights = module.Head.weight!.index_select(0, chosen); // N×K
                var cam = (features * weights.unsqueeze(-1).unsqueeze(-1)).sum(1, keepdim: true); // N×1×h×w
                var maps = CamUpsampler.ToInput(cam, module.Geometry, Height, Width).squeeze(1);
                return new CamResult(count, Height, Width, Classes, TensorData.ToFloats(maps), TensorData.ToLongs(chosen),
                    TensorData.ToFloats(probabilities));
            });
        }
    }

    /// <summary>The layer excitation backprop stops at by default (<see cref="GapNetwork.ExcitationLayer"/>).</summary>
    public string ExcitationLayer => module.ExcitationLayer;

    /// <summary>The trunk's layer names, in order (what Grad-CAM and feature maps can address).</summary>
    public IReadOnlyList<string> LayerNames => module.Stages.Select(s => s.Name).ToArray();

    /// <summary>
    /// Grad-CAM (Selvaraju et al. 2017, eq. 1–2) at the output A of <paramref name="layer"/> (null: the last):
    /// α_k = mean over the grid of ∂y_c/∂A_k for the logit y_c, raw map Σ_k α_k A_k (signed, before the ReLU of
    /// eq. 2) at input resolution. The layers before A run without a graph and only A gets a gradient, so the cost
    /// is one forward pass and one backward pass without weight gradients.
    /// </summary>
    public CamResult GradCam(ReadOnlySpan<float> images, ReadOnlySpan<long> targets, string? layer)
    {
        var count = CheckBatch(images, targets.Length);
        CheckTargets(targets);
        lock (gate)
        {
            var stage = layer is null ? module.Stages.Count - 1 : module.StageIndex(layer);
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.ImagesChannelsLast(images, count, Channels, Height, Width));
            var requested = OnDevice(TensorData.From(targets, count));
            return NetworkException.Guard(() =>
            {
                module.eval();
                using var frozen = new FrozenParameters(module);
                Tensor activations;
                using (no_grad())
                {
                    activations = module.RunStages(module.Standardize(x), 0, stage + 1);
                }

                activations.requires_grad_(true);
                using var enabled = enable_grad();
                var features = module.RunStages(activations, stage + 1, module.Stages.Count);
                var logits = module.Head.call(features.mean([2, 3]));
                var probabilities = softmax(logits.detach(), 1);
                var chosen = where(requested.lt(0), probabilities.argmax(1), requested);
                var score = logits.gather(1, chosen.unsqueeze(1)).sum();
                var gradient = autograd.grad([score], [activations])[0];
                using var noGrad = no_grad();
                var alpha = gradient.mean([2, 3], keepdim: true); // N×K×1×1
                var map = (alpha * activations).sum(1, keepdim: true);
                var maps = CamUpsampler.ToInput(map, module.Stages[stage].Geometry, Height, Width).squeeze(1);
                return new CamResult(count, Height, Width, Classes, TensorData.ToFloats(maps), TensorData.ToLongs(chosen),
                    TensorData.ToFloats(probabilities));
            });
        }
    }

    /// <summary>Whether excitation backprop's rules cover every stage above <paramref name="layer"/> (null: the last); null when they do, else why not.</summary>
    public string? ExcitationGap(string? layer)
    {
        lock (gate)
        {
            var stage = layer is null ? module.Stages.Count - 1 : module.StageIndex(layer);
            for (var s = stage + 1; s < module.Stages.Count; s++)
            {
                if (module.ExcitationSteps(s) is null)
                {
                    return $"excitation backprop has no rule for {Architecture}'s {module.Stages[s].Name}; choose layer {module.Stages[^1].Name}";
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Excitation backprop's marginal winning probabilities at <paramref name="layer"/> (null: the last block),
    /// summed over channels and brought to input resolution (<see cref="ExcitationBackprop"/>); contrastive: c-MWP.
    /// </summary>
    public CamResult Excitation(ReadOnlySpan<float> images, ReadOnlySpan<long> targets, string? layer, bool contrastive)
    {
        var count = CheckBatch(images, targets.Length);
        CheckTargets(targets);
        lock (gate)
        {
            var stage = layer is null ? module.Stages.Count - 1 : module.StageIndex(layer);
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.ImagesChannelsLast(images, count, Channels, Height, Width));
            var requested = OnDevice(TensorData.From(targets, count));
            return NetworkException.Guard(() =>
            {
                module.eval();
                Tensor probabilities;
                using (no_grad())
                {
                    probabilities = softmax(module.call(x), 1);
                }

                var chosen = where(requested.lt(0), probabilities.argmax(1), requested);
                var map = ExcitationBackprop.Map(module, x, chosen, stage, contrastive);
                using var noGrad = no_grad();
                var maps = CamUpsampler.ToInput(map, module.Stages[stage].Geometry, Height, Width).squeeze(1);
                return new CamResult(count, Height, Width, Classes, TensorData.ToFloats(maps), TensorData.ToLongs(chosen),
                    TensorData.ToFloats(probabilities));
            });
        }
    }

    /// <summary>Excitation backprop's map at a stage's own resolution (N×h×w), for checks against a hand computation; target −1 is the predicted class.</summary>
    public (float[] Maps, long[] Shape) ExcitationAtLayer(ReadOnlySpan<float> images, ReadOnlySpan<long> targets, string layer, bool contrastive)
    {
        var count = CheckBatch(images, targets.Length);
        CheckTargets(targets);
        lock (gate)
        {
            var stage = module.StageIndex(layer);
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.ImagesChannelsLast(images, count, Channels, Height, Width));
            var requested = OnDevice(TensorData.From(targets, count));
            return NetworkException.Guard(() =>
            {
                module.eval();
                Tensor chosen;
                using (no_grad())
                {
                    // −1 is the predicted class here too, as for every other map.
                    chosen = where(requested.lt(0), module.call(x).argmax(1), requested);
                }

                var map = ExcitationBackprop.Map(module, x, chosen, stage, contrastive).squeeze(1);
                return (TensorData.ToFloats(map), map.shape);
            });
        }
    }

    /// <summary>
    /// What the first <paramref name="layers"/> convolutions of the network see in one image (seed 004 §4.3, Fig. 4.3:
    /// "the representation of image at first and second convolutional layer"): each convolution's output, through the
    /// batch norm that follows it where there is one, and ReLU — the activation the next layer reads.
    /// </summary>
    public IReadOnlyList<FeatureMap> FeatureMaps(ReadOnlySpan<float> image, int layers = 2)
    {
        CheckBatch(image, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        // A combined model's are its classifier's layers, under the classifier's own names, seeing the autoencoder's output.
        var all = (module is PerturbedNetwork perturbed ? perturbed.Classifier : module).named_modules().ToList();
        var convolutions = all
            .Select((entry, i) => (entry.name, entry.module, Norm: i + 1 < all.Count ? all[i + 1].module as BatchNorm2d : null))
            .Where(entry => entry.module is Conv2d)
            .Take(layers)
            .ToList();
        lock (gate)
        {
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.From(image, 1, Channels, Height, Width));
            return NetworkException.Guard(() =>
            {
                using var noGrad = no_grad();
                module.eval();
                var captured = new Tensor?[convolutions.Count];
                // Forward hooks fire through Module.call, which every stage uses; a clone, because the stages rectify in place.
                var hooks = convolutions.Select((entry, i) => ((Conv2d)entry.module).register_forward_hook((_, _, output) =>
                {
                    captured[i] ??= output.clone();
                    return output;
                })).ToList();
                try
                {
                    module.call(x);
                }
                finally
                {
                    hooks.ForEach(h => h.remove());
                }

                return convolutions.Select((entry, i) =>
                {
                    var activation = captured[i] ?? throw NetworkException.Invalid($"layer {entry.name} was not reached");
                    if (entry.Norm is { } norm)
                    {
                        activation = norm.call(activation);
                    }

                    activation = functional.relu(activation);
                    return new FeatureMap(entry.name, (int)activation.shape[1], (int)activation.shape[2], (int)activation.shape[3],
                        TensorData.ToFloats(activation));
                }).ToArray();
            });
        }
    }

    /// <summary>
    /// ∂p_c/∂I (or, with <paramref name="ofProbability"/> false, ∂y_c/∂I of the logit) per image, Count×C×H×W, for
    /// <paramref name="targets"/> (−1: predicted class), with the classes used and the probabilities.
    /// </summary>
    public InputGradients InputGradients(ReadOnlySpan<float> images, ReadOnlySpan<long> targets, bool ofProbability)
    {
        var count = CheckBatch(images, targets.Length);
        CheckTargets(targets);
        lock (gate)
        {
            using var scope = NewDisposeScope();
            var x = OnDevice(TensorData.ImagesChannelsLast(images, count, Channels, Height, Width));
            var requested = OnDevice(TensorData.From(targets, count));
            return NetworkException.Guard(() =>
            {
                module.eval();
                using var frozen = new FrozenParameters(module);
                x.requires_grad_(true);
                using var enabled = enable_grad();
                var logits = module.call(x);
                var probabilities = softmax(logits, 1);
                var chosen = where(requested.lt(0), probabilities.argmax(1), requested).detach();
                var output = (ofProbability ? probabilities : logits).gather(1, chosen.unsqueeze(1)).sum();
                var gradient = autograd.grad([output], [x])[0];
                return new InputGradients(count, Channels, Height, Width, TensorData.ToFloats(gradient), TensorData.ToLongs(chosen),
                    TensorData.ToFloats(probabilities.detach()));
            });
        }
    }

    /// <summary>The floating-point state — parameters, then buffers — as named float32 tensors, in registration order.</summary>
    public IReadOnlyList<NamedTensor> State()
    {
        lock (gate)
        {
            return FloatState().Select(s => new NamedTensor(s.Name, s.Tensor.shape, TensorData.ToFloats(s.Tensor))).ToList();
        }
    }

    /// <summary>Sets every tensor of <see cref="State"/> from <paramref name="tensors"/> by name; all must be there with their shapes.</summary>
    public void SetState(IReadOnlyDictionary<string, NamedTensor> tensors)
    {
        lock (gate)
        {
            var state = FloatState();
            foreach (var (name, tensor) in state)
            {
                if (!tensors.TryGetValue(name, out var given))
                {
                    throw new InvalidDataException($"The weights lack '{name}' ({string.Join("×", tensor.shape)}).");
                }

                if (!given.Shape.SequenceEqual(tensor.shape))
                {
                    throw new InvalidDataException($"'{name}' is {string.Join("×", given.Shape)}, the network needs {string.Join("×", tensor.shape)}.");
                }
            }

            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            foreach (var (name, tensor) in state)
            {
                tensor.copy_(TensorData.From(tensors[name].Values, tensor.shape));
            }
        }
    }

    /// <summary>Weights, optimiser state and augmentation generator state, for resuming a run (the same optimiser must be set before loading).</summary>
    public void SaveCheckpoint(string path)
    {
        lock (gate)
        {
            NetworkException.Guard(() =>
            {
                using var file = File.Create(path);
                using var writer = new BinaryWriter(file);
                writer.Write(CheckpointMagic);
                module.save(writer);
                optimizer.save_state_dict(writer);
                using var state = augmentationGenerator.get_state();
                var bytes = state.bytes.ToArray();
                writer.Write(bytes.Length);
                writer.Write(bytes);
            });
        }
    }

    /// <summary>Restores <see cref="SaveCheckpoint"/>; the same optimiser must be set first.</summary>
    public void LoadCheckpoint(string path)
    {
        lock (gate)
        {
            Loading(path, () =>
            {
                using var file = File.OpenRead(path);
                using var reader = new BinaryReader(file);
                if (reader.ReadString() != CheckpointMagic)
                {
                    throw new InvalidDataException($"{path} is not a checkpoint of this engine.");
                }

                module.load(reader);
                optimizer.load_state_dict(reader);
                var bytes = reader.ReadBytes(reader.ReadInt32());
                using var state = augmentationGenerator.get_state();
                using var restored = TensorData.FromBytes(bytes, state.shape);
                augmentationGenerator.set_state(restored);
            });
        }
    }

    public void Save(string path)
    {
        lock (gate)
        {
            NetworkException.Guard(() => module.save(path));
        }
    }

    public void Load(string path)
    {
        lock (gate)
        {
            Loading(path, () => module.load(path));
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            optimizer.Dispose();
            augmentationGenerator.Dispose();
            module.Dispose();
        }
    }

    private static void CheckLearningRate(double learningRate)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
        {
            throw NetworkException.Invalid($"learning rate must be positive, not {learningRate}");
        }
    }

    // A weights file of an earlier engine (libtorch's C++ archive, a zip) or of another architecture is refused
    // with what it is; TorchSharp's own errors name the mismatching entry.
    private void Loading(string path, Action load)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No weights file at {path}.", path);
        }

        Span<byte> head = stackalloc byte[4];
        using (var probe = File.OpenRead(path))
        {
            if (probe.Read(head) == 4 && head.SequenceEqual("PK\u0003\u0004"u8))
            {
                throw new NetworkException(NetworkErrorKind.Torch,
                    $"{Path.GetFileName(path)} was written by an earlier ExplainHub engine (libtorch archive), which this engine cannot read: retrain the model, or import its export (model.safetensors) instead.");
            }
        }

        try
        {
            NetworkException.Guard(load);
        }
        catch (Exception ex) when (ex is NetworkException or ArgumentException or InvalidOperationException or EndOfStreamException
            or IOException and not FileNotFoundException)
        {
            throw new NetworkException(NetworkErrorKind.Torch, $"{Path.GetFileName(path)} does not fit this {Architecture} network: {ex.Message}", ex);
        }
    }

    // The network's floating-point state with PyTorch's dotted names: what an export writes and an import sets.
    private List<(string Name, Tensor Tensor)> FloatState()
    {
        var state = module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList();
        state.AddRange(module.named_buffers().Where(b => b.buffer.is_floating_point()).Select(b => (b.name, b.buffer)));
        return state;
    }

    private void CheckTargets(ReadOnlySpan<long> targets)
    {
        foreach (var target in targets)
        {
            // −1 asks for the predicted class; any other negative number is a mistake, not another way to say so.
            if (target >= Classes || target < -1)
            {
                throw NetworkException.Invalid($"target class out of range for this network's {Classes} classes (0 to {Classes - 1}, or −1 for the predicted one): {target}");
            }
        }
    }

    private Tensor OnDevice(Tensor tensor) => device.type == DeviceType.CPU ? tensor : tensor.to(device);

    private int CheckBatch(ReadOnlySpan<float> images, int count)
    {
        if (count <= 0)
        {
            throw new ArgumentException("A batch needs at least one image.", nameof(images));
        }

        if (images.Length != count * ImageSize)
        {
            throw new ArgumentException(
                $"Expected {count} images of {Channels}×{Height}×{Width} = {count * ImageSize} floats, got {images.Length}.",
                nameof(images));
        }

        return count;
    }
}
