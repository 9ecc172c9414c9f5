using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// A linear-kernel SVC on pixels: its class weights w_c, rebuilt from the support vectors, are images (seed 000
/// §3.1). See <see cref="KernelSvmModel.ClassWeights"/> and <see cref="KernelSvmModel.ClassBias"/> for what w_c and
/// b_c mean under one-vs-one voting (exact decision values for two classes).
/// </summary>
public sealed class KernelSvmLinearClassifier : KernelSvmClassifier, ILinearPixelModel
{
    private readonly Lazy<float[]>[] weights;

    internal KernelSvmLinearClassifier(ModelInfo info, ImageShape shape, KernelSvmModel model)
        : base(info, shape, model)
    {
        weights = Enumerable.Range(0, model.Classes).Select(c => new Lazy<float[]>(() => model.ClassWeights(c))).ToArray();
    }

    public float[] PixelWeights(int classIndex) => weights[classIndex].Value;

    public double PixelBias(int classIndex) => Model.ClassBias(classIndex);
}
