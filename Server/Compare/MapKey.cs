using ExplainHub.Shared;

namespace ExplainHub.Server.Compare;

/// <summary>What identifies one computed map: the model, the function with its parameters, the image and the class explained.</summary>
public sealed record MapKey(string ModelId, string Method, string Parameters, string Image, int? TargetClass)
{
    public static MapKey Of(string modelId, string method, IReadOnlyList<MethodParameter>? parameters, CompareImage image, int? targetClass) =>
        new(modelId, method, parameters is null ? string.Empty : string.Join(";", parameters.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}")),
            image.Key, targetClass);
}
