using ExplainHub.Engine.Models;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Explain;

/// <summary>
/// A method that says, per pixel, how much an image region matters to a model's decision. Each declares what it
/// needs of a model and its typed parameters (<see cref="Info"/>), so that every caller — CLI, hub, pages,
/// scores — lists only what applies to a model and can run any function with any parameters.
/// </summary>
public interface IImportanceFunction
{
    MethodInfo Info { get; }

    /// <summary>Null when the function applies to <paramref name="model"/>; otherwise why it does not, in a user's words.</summary>
    string? WhyNot(IClassifier model);

    /// <summary>
    /// Refuses (<see cref="EngineException"/>, invalid request) parameters that are valid on their own but not for
    /// <paramref name="model"/> — an occlusion patch larger than its images — so that a request is refused when it
    /// is made, not minutes into a job.
    /// </summary>
    void CheckFor(IClassifier model, MethodSettings settings)
    {
    }

    /// <summary>
    /// Raw signed maps and H ∈ [0,1], both at the input's resolution, for images in [0,1]; a target &lt; 0 means the
    /// predicted class. <paramref name="settings"/> holds this function's checked parameters.
    /// </summary>
    ImportanceMaps Explain(IClassifier model, ImportanceInput input, MethodSettings settings);
}
