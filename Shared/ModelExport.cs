namespace ExplainHub.Shared;

/// <summary>Write a trained network to <see cref="Directory"/> (a path on the engine's machine) as model.safetensors + model.json.</summary>
public sealed record ModelExportRequest(string ModelId, string Directory);

/// <summary>What an export wrote.</summary>
public sealed record ModelExportResult(string ModelId, string WeightsPath, string DescriptionPath, int Tensors);

/// <summary>Read a model.safetensors + model.json pair from <see cref="Directory"/> back in as a new model.</summary>
public sealed record ModelImportRequest(string Directory, string? Name = null);

/// <summary>
/// model.json beside an exported network's weights: enough to rebuild it anywhere. <see cref="InputMean"/> and
/// <see cref="InputStd"/> are the per-channel normalisation the network applies to inputs scaled to [0,1] (also in
/// the weights as input_mean / input_std). A combined model (<see cref="ModelKinds.AutoencoderPerturbed"/>) names its
/// <see cref="ClassifierArchitecture"/> and <see cref="AutoencoderWidths"/>; its tensors are "classifier.*" and "autoencoder.*".
/// <see cref="ExportId"/> is also in the weights file's metadata (export_id), so a pair from two exports is told apart.
/// </summary>
public sealed record ExportedNetworkDescription(
    string Format,
    string Architecture,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<string> ClassNames,
    float[] InputMean,
    float[] InputStd,
    string SourceModelId,
    string Name,
    string DatasetId,
    double? TestAccuracy,
    string? ClassifierArchitecture = null,
    IReadOnlyList<long>? AutoencoderWidths = null,
    string? ExportId = null)
{
    public const string CurrentFormat = "explainhub-network/1";
}
