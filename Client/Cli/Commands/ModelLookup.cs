using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Finds a model by id; predict and explain need its data set and class names.</summary>
internal static class ModelLookup
{
    public static async Task<ModelInfo> FindAsync(IEngine engine, string modelId, CancellationToken cancellationToken)
    {
        var models = await engine.ListModelsAsync(cancellationToken);
        return models.FirstOrDefault(m => m.Id == modelId)
            ?? throw new EngineException(
                EngineErrorKind.NotFound,
                models.Count == 0
                    ? $"No model '{modelId}': the engine has no trained models yet (explainhub train --dataset fashion-mnist)."
                    : $"No model '{modelId}'; 'explainhub models' lists the {models.Count} there are.");
    }

    public static string ClassName(ModelInfo model, int index) =>
        index >= 0 && index < model.ClassNames.Count ? model.ClassNames[index] : $"class {index}";
}
