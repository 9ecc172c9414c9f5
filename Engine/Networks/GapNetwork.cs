using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Networks;

/// <summary>Where a network's last feature grid sits on its input: cell j's receptive-field centre is at input pixel
/// <see cref="Offset"/> + <see cref="Stride"/>·j (pixel centres at integers). Stride 0: unknown, stretch to the input.</summary>
public readonly record struct FeatureGeometry(double Stride, double Offset);

/// <summary>
/// A classifier whose last convolutional block F (N×K×h×w) is averaged (GAP) and read by one linear layer, so that
/// CAM applies (Zhou et al. 2016). The per-channel input standardisation is part of the network (buffers
/// <c>input_mean</c>, <c>input_std</c>), so it is saved with the weights and every caller sees the same input.
/// </summary>
public abstract class GapNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Tensor? inputMean;
    private readonly Tensor? inputStd;

    protected GapNetwork(string name, long channels)
        : base(name)
    {
        inputMean = zeros(1, channels, 1, 1);
        inputStd = ones(1, channels, 1, 1);
        register_buffer("input_mean", inputMean);
        register_buffer("input_std", inputStd);
    }

    /// <summary>For a network built around another one, which reads that one's standardisation (see <see cref="Standardize"/>).</summary>
    protected GapNetwork(string name)
        : base(name)
    {
    }

    /// <summary>The linear layer after GAP: its weight C×K holds CAM's w_k^c.</summary>
    public abstract Linear Head { get; }

    /// <summary>Where F's cells sit on the input: the last stage's geometry.</summary>
    public FeatureGeometry Geometry => Stages[^1].Geometry;

    /// <summary>The trunk, stage by stage, in order.</summary>
    public abstract IReadOnlyList<NetworkStage> Stages { get; }

    /// <summary>
    /// The primitive layers of stage <paramref name="stage"/> for excitation backprop, or null where its rules do not
    /// cover the stage.
    /// </summary>
    public virtual IReadOnlyList<ExcitationStep>? ExcitationSteps(int stage) => null;

    /// <summary>
    /// Where excitation backprop stops by default: after the second pooling where the rules reach it (seed 002 §5.2
    /// takes pool2, "as we lose the spatial accuracy at higher layers"), else the last block.
    /// </summary>
    public virtual string ExcitationLayer => Stages[^1].Name;

    /// <summary>The stage called <paramref name="name"/>; an unknown name is refused listing the stages there are.</summary>
    public int StageIndex(string name)
    {
        for (var i = 0; i < Stages.Count; i++)
        {
            if (Stages[i].Name == name)
            {
                return i;
            }
        }

        throw NetworkException.Invalid($"this {GetName()} has no layer '{name}'; its layers are {string.Join(", ", Stages.Select(s => s.Name))}");
    }

    /// <summary>The smallest input side whose feature grid is still at least 1×1.</summary>
    public abstract int MinInputSize { get; }

    public virtual Tensor InputMean => inputMean ?? throw new InvalidOperationException($"{GetName()} has no standardisation of its own.");

    public virtual Tensor InputStd => inputStd ?? throw new InvalidOperationException($"{GetName()} has no standardisation of its own.");

    /// <summary>F, the last block's output that GAP averages, for inputs in [0,1].</summary>
    public Tensor Features(Tensor x)
    {
        using var standardised = Standardize(x);
        return RunStages(standardised, 0, Stages.Count);
    }

    /// <summary>
    /// Whether <see cref="Standardize"/> reads each input pixel on its own, so a change to some pixels changes only the
    /// activations whose receptive field holds them (what incremental occlusion relies on).
    /// </summary>
    public virtual bool LocalInput => true;

    /// <summary>(x − mean)/std per channel: what the first stage reads. Everything that runs the trunk on images starts here.</summary>
    public virtual Tensor Standardize(Tensor x)
    {
        using var centred = x - InputMean;
        return centred / InputStd;
    }

    /// <summary>
    /// Stages <paramref name="from"/> up to (not including) <paramref name="to"/> on <paramref name="input"/>, which is
    /// left alone; each stage's output is let go as soon as the next has read it.
    /// </summary>
    public Tensor RunStages(Tensor input, int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to, Stages.Count);
        if (from >= to)
        {
            return input.alias();
        }

        var h = Stages[from].Apply(input);
        for (var i = from + 1; i < to; i++)
        {
            h = Then(h, Stages[i].Apply);
        }

        return h;
    }

    public override Tensor forward(Tensor input)
    {
        using var features = Features(input);
        using var pooled = features.mean([2, 3]);
        return Head.call(pooled);
    }

    /// <summary>
    /// <paramref name="next"/> of <paramref name="current"/>, letting go of <paramref name="current"/>'s handle: a forward
    /// pass then holds only the activations autograd keeps, not every intermediate until the caller's scope ends.
    /// </summary>
    protected static Tensor Then(Tensor current, Func<Tensor, Tensor> next)
    {
        var result = next(current);
        if (!ReferenceEquals(result, current))
        {
            current.Dispose();
        }

        return result;
    }

    // TorchSharp's Module.Dispose releases the native module but leaves the managed wrappers of its parameters and
    // buffers to the finaliser; disposing them here frees their memory now and keeps the live-tensor count honest.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var tensor in named_parameters().Select(p => (Tensor)p.parameter).Concat(named_buffers().Select(b => b.buffer)).ToList())
            {
                tensor.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
