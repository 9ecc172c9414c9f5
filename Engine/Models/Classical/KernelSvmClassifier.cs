using ExplainHub.Engine.Native;
using ExplainHub.Engine.Linalg;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Kernel SVC on pixels (LIBSVM, one-vs-one). Kernel SVMs have no weight image in general (DESIGN §2: they are
/// explained by model-agnostic maps); the linear kernel does, so <see cref="Create"/> returns a
/// <see cref="KernelSvmLinearClassifier"/> for it.
/// </summary>
public class KernelSvmClassifier : ClassicalClassifier
{
    protected KernelSvmClassifier(ModelInfo info, ImageShape shape, KernelSvmModel model)
        : base(info, shape)
    {
        if (model.Dimension != shape.Pixels || model.Classes != info.ClassNames.Count)
        {
            throw new ArgumentException($"A {model.Classes}-class SVC of {model.Dimension} features does not fit {shape} images of {info.ClassNames.Count} classes.");
        }

        Model = model;
    }

    public KernelSvmModel Model { get; }

    /// <summary>The classifier for <paramref name="model"/>; it owns the model from then on and disposes it.</summary>
    public static KernelSvmClassifier Create(ModelInfo info, ImageShape shape, KernelSvmModel model) =>
        model.Kernel.Kind == KernelKind.Linear
            ? new KernelSvmLinearClassifier(info, shape, model)
            : new KernelSvmClassifier(info, shape, model);

    protected override float[] PredictRows(ReadOnlySpan<float> rows, int count) => Model.Probabilities(rows, count);

    public override void Save(string directory)
    {
        var details = Model.Save(directory);
        SavedModel.Write(directory, new SavedModelDescription<KernelSvmDetails>(Info, Channels, Height, Width, details));
    }

    public static KernelSvmClassifier Load(string directory)
    {
        var description = SavedModel.Read<KernelSvmDetails>(directory);
        var shape = new ImageShape(description.Channels, description.Height, description.Width);
        var model = KernelSvmModel.Load(directory, description.Details);
        try
        {
            return Create(description.Info, shape, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Model.Dispose();
        }

        base.Dispose(disposing);
    }
}
