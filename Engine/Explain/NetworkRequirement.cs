using ExplainHub.Engine.Models;

namespace ExplainHub.Engine.Explain;

/// <summary>The "needs a network" check that the gradient-based functions share.</summary>
internal static class NetworkRequirement
{
    public static string? WhyNot(IClassifier model, string method) => model is ConvNetClassifier
        ? null
        : $"{method} needs a network trained by the engine (gradients through its layers); a {model.Info.Kind} has none — occlusion explains any model";

    public static ConvNetClassifier Network(IClassifier model, string method) =>
        model as ConvNetClassifier ?? throw new Shared.EngineException(Shared.EngineErrorKind.InvalidRequest, WhyNot(model, method)! + ".");
}
