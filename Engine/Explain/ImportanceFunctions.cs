namespace ExplainHub.Engine.Explain;

/// <summary>Every importance function the engine has, in the order they are offered.</summary>
public static class ImportanceFunctions
{
    public static IReadOnlyList<IImportanceFunction> All { get; } =
    [
        new ClassActivationMap(),
        new GradCam(),
        new GradientSaliency(),
        new ExcitationBackpropMap(contrastive: false),
        new ExcitationBackpropMap(contrastive: true),
        new Occlusion(),
        new HadamardMap(),
        new TreeContributions(),
    ];
}
