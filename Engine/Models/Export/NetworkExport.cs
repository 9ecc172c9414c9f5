using System.Text.Json;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Export;

/// <summary>
/// A network as a portable pair: model.safetensors (its parameters and buffers under PyTorch's state_dict names,
/// float32) and model.json (<see cref="ExportedNetworkDescription"/>). Written to temporary names and renamed, so
/// an interrupted export leaves no half file; both carry one export id, so a pair made of two exports (one of them
/// interrupted between its renames over an earlier export) is refused when read back, not imported mixed.
/// </summary>
public static class NetworkExport
{
    public const string WeightsFile = "model.safetensors";
    public const string DescriptionFile = "model.json";

    private const string ExportIdKey = "export_id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static ModelExportResult Write(ConvNetClassifier model, string directory)
    {
        Directory.CreateDirectory(directory);
        var state = model.Network.State();
        var prefix = model.Perturbed is null ? "" : "classifier.";
        var mean = state.FirstOrDefault(t => t.Name == prefix + "input_mean")?.Values ?? new float[model.Channels];
        var std = state.FirstOrDefault(t => t.Name == prefix + "input_std")?.Values ?? Enumerable.Repeat(1f, model.Channels).ToArray();
        var info = model.Info;
        var exportId = Guid.NewGuid().ToString("N");
        var description = new ExportedNetworkDescription(ExportedNetworkDescription.CurrentFormat, info.Kind, model.Channels, model.Height,
            model.Width, info.ClassNames, mean, std, info.Id, info.Name, info.DatasetId, info.TestAccuracy,
            model.Perturbed?.ClassifierArchitecture, model.Perturbed?.Widths, exportId);

        var weights = Path.Combine(directory, WeightsFile);
        var describe = Path.Combine(directory, DescriptionFile);
        var stamp = "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            SafeTensorsFile.Write(weights + stamp, state, new Dictionary<string, string>
            {
                ["format"] = ExportedNetworkDescription.CurrentFormat,
                ["architecture"] = info.Kind,
                [ExportIdKey] = exportId,
            });
            File.WriteAllText(describe + stamp, JsonSerializer.Serialize(description, Json));
            File.Move(weights + stamp, weights, overwrite: true);
            File.Move(describe + stamp, describe, overwrite: true);
        }
        finally
        {
            File.Delete(weights + stamp);
            File.Delete(describe + stamp);
        }

        return new ModelExportResult(info.Id, weights, describe, state.Count);
    }

    /// <summary>
    /// Exports of the earlier libtorch engine named a ResNet block's projection "shortcut"; torchvision (and this
    /// engine) call it "downsample", so those files still import.
    /// </summary>
    private static IReadOnlyDictionary<string, NamedTensor> WithTorchvisionNames(IReadOnlyDictionary<string, NamedTensor> tensors) =>
        tensors.Values.ToDictionary(
            t => t.Name.Replace(".shortcut.", ".downsample.", StringComparison.Ordinal),
            t => t with { Name = t.Name.Replace(".shortcut.", ".downsample.", StringComparison.Ordinal) },
            StringComparer.Ordinal);

    /// <summary>A new model from an exported pair; a missing file, unknown architecture or mismatched tensor is refused.</summary>
    public static ConvNetClassifier Read(string directory, string newId, string? name)
    {
        var describe = Path.Combine(directory, DescriptionFile);
        var weights = Path.Combine(directory, WeightsFile);
        if (!File.Exists(describe) || !File.Exists(weights))
        {
            throw new FileNotFoundException($"{directory} needs both {DescriptionFile} and {WeightsFile}.", File.Exists(describe) ? weights : describe);
        }

        ExportedNetworkDescription description;
        try
        {
            description = JsonSerializer.Deserialize<ExportedNetworkDescription>(File.ReadAllText(describe), Json)
                ?? throw new InvalidDataException($"{describe} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{describe} is not a valid network description: {ex.Message}", ex);
        }

        var perturbed = description.Architecture == ModelKinds.AutoencoderPerturbed;
        if (description.Format != ExportedNetworkDescription.CurrentFormat || !ModelKinds.HasLayers(description.Architecture)
            || perturbed && (description.ClassifierArchitecture is not { } inner || !ModelKinds.IsNetwork(inner) || description.AutoencoderWidths is not { Count: > 0 }))
        {
            throw new InvalidDataException(
                $"{describe}: format '{description.Format}', architecture '{description.Architecture}'; expected {ExportedNetworkDescription.CurrentFormat} and one of {string.Join(", ", ModelKinds.Networks)}, or {ModelKinds.AutoencoderPerturbed} with its classifier's architecture and the autoencoder's widths.");
        }

        // JSON leaves out what is missing as null, whatever the record's types say; a description someone wrote by hand
        // must be refused here with what is wrong, not fail later where a name or a size is used.
        if (description.ClassNames is not { Count: >= 2 } classNames || classNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidDataException($"{describe}: classNames must name at least two classes.");
        }

        if (description.Channels is < 1 or > 4 || description.Height is < 1 or > 4096 || description.Width is < 1 or > 4096)
        {
            throw new InvalidDataException(
                $"{describe}: an input of {description.Channels}×{description.Height}×{description.Width}; expected 1 to 4 channels of 1 to 4096 pixels a side.");
        }

        if (description.Name is null || description.DatasetId is null)
        {
            throw new InvalidDataException($"{describe}: name and datasetId are required.");
        }

        var (stored, metadata) = SafeTensorsFile.Read(weights);
        // Exports made before the id existed have it in neither file, and still import.
        var weightsExport = metadata.GetValueOrDefault(ExportIdKey);
        if (weightsExport != description.ExportId)
        {
            throw new InvalidDataException(
                $"{weights} and {describe} come from two different exports (export ids {weightsExport ?? "none"} and {description.ExportId ?? "none"}); export the model again.");
        }

        var tensors = WithTorchvisionNames(stored);
        var info = new ModelInfo(newId, name ?? description.Name + " (imported)", description.Architecture, description.DatasetId,
            description.ClassNames, description.TestAccuracy, 0, DateTimeOffset.UtcNow);
        var model = perturbed
            ? ConvNetClassifier.CreatePerturbed(info, description.ClassifierArchitecture!, description.AutoencoderWidths!, description.Channels, description.Height, description.Width)
            : ConvNetClassifier.Create(info, description.Channels, description.Height, description.Width);
        try
        {
            model.Network.SetState(tensors);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
