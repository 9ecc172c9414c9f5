using static TorchSharp.torch;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// One named step of a network's trunk (a conv with its ReLU, a pool, a residual stage, a VGG block) and where its
/// output grid sits on the input. Grad-CAM, feature-map galleries and layer-wise explanations address layers by
/// these names; the last stage's output is F, the block GAP averages.
/// </summary>
public sealed record NetworkStage(string Name, Func<Tensor, Tensor> Apply, FeatureGeometry Geometry);
