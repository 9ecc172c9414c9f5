using System.Text.Json;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Models;

/// <summary>
/// A libtorch network with a GAP head — a network of the zoo, or a combined model whose autoencoder sits in front of
/// one (seed 004): trainable, explainable by CAM.
/// </summary>
public sealed class ConvNetClassifier : IClassifier
{
    private const string DescriptionFile = "model.json";
    private const string WeightsFile = "weights.pt";

    public ConvNetClassifier(ModelInfo info, TorchNetwork network)
    {
        Info = info;
        Network = network;
    }

    public ModelInfo Info { get; private set; }

    public TorchNetwork Network { get; }

    public int Channels => Network.Channels;

    public int Height => Network.Height;

    public int Width => Network.Width;

    public static ConvNetClassifier Create(ModelInfo info, int channels, int height, int width)
    {
        var network = TorchNetwork.Create(info.Kind, channels, height, width, info.ClassNames.Count);
        return new ConvNetClassifier(info with { ParameterCount = network.ParameterCount }, network);
    }

    /// <summary>
    /// A combined model (<see cref="ModelKinds.AutoencoderPerturbed"/>): a fresh autoencoder of <paramref name="widths"/>
    /// in front of a fresh <paramref name="classifierArchitecture"/>; a perturbation run gives both their weights.
    /// </summary>
    public static ConvNetClassifier CreatePerturbed(ModelInfo info, string classifierArchitecture, IReadOnlyList<long> widths, int channels, int height, int width)
    {
        var network = TorchNetwork.CreatePerturbed(classifierArchitecture, widths, channels, height, width, info.ClassNames.Count);
        return new ConvNetClassifier(info with { ParameterCount = network.ParameterCount }, network)
        {
            Perturbed = new PerturbedDescription(classifierArchitecture, widths),
        };
    }

    /// <summary>What a combined model is built of; null for a network of the zoo.</summary>
    public PerturbedDescription? Perturbed { get; private init; }

    public ConvNetClassifier WithInfo(ModelInfo info)
    {
        Info = info;
        return this;
    }

    public float[] PredictProbabilities(ReadOnlySpan<float> images, int count) => Network.Predict(images);

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        Network.Save(Path.Combine(directory, WeightsFile));
        var description = new ConvNetDescription(Info, Channels, Height, Width, Perturbed);
        File.WriteAllText(Path.Combine(directory, DescriptionFile), JsonSerializer.Serialize(description));
    }

    public static bool IsSaved(string directory) =>
        File.Exists(Path.Combine(directory, DescriptionFile)) && File.Exists(Path.Combine(directory, WeightsFile));

    public static ConvNetClassifier Load(string directory)
    {
        var description = JsonSerializer.Deserialize<ConvNetDescription>(File.ReadAllText(Path.Combine(directory, DescriptionFile)))
            ?? throw new InvalidDataException($"{directory}/{DescriptionFile} is empty.");
        var classes = description.Info.ClassNames.Count;
        var network = description.Perturbed is { } perturbed
            ? TorchNetwork.CreatePerturbed(perturbed.ClassifierArchitecture, perturbed.Widths, description.Channels, description.Height, description.Width, classes)
            : TorchNetwork.Create(description.Info.Kind, description.Channels, description.Height, description.Width, classes);
        try
        {
            network.Load(Path.Combine(directory, WeightsFile));
        }
        catch
        {
            network.Dispose();
            throw;
        }

        return new ConvNetClassifier(description.Info, network) { Perturbed = description.Perturbed };
    }

    public void Dispose() => Network.Dispose();

    private sealed record ConvNetDescription(ModelInfo Info, int Channels, int Height, int Width, PerturbedDescription? Perturbed = null);
}
