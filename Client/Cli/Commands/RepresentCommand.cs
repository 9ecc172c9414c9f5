using System.Globalization;
using ExplainHub.Client.Output;
using ExplainHub.Engine.Storage;
using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// Writes a model's internal representation into <see cref="OutputDirectory"/>: per image
/// <c>&lt;model&gt;_&lt;kind&gt;_&lt;n&gt;_&lt;label&gt;.png</c> and the raw values as <c>.npy</c> (Channels×Height×Width float32).
/// A network's feature maps are drawn for one image (<see cref="Index"/> of <see cref="Split"/>, or
/// <see cref="ImageFile"/>) as one mosaic per layer, <c>&lt;model&gt;_feature-maps_&lt;layer&gt;.png</c>, with the
/// layer's activations as <c>.npy</c> (Channels×Height×Width).
/// </summary>
internal sealed record RepresentCommand(GlobalOptions Global, string ModelId, string OutputDirectory, DatasetSplit Split = DatasetSplit.Test,
    int? Index = null, string? ImageFile = null) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await ModelLookup.FindAsync(engine, ModelId, cancellationToken);
        var upload = ImageFile is { } path ? await ImageFiles.ReadAsync(context, path, cancellationToken) : null;
        var representation = await engine.RepresentAsync(new RepresentationRequest(model.Id, Split, Index, upload), cancellationToken);
        if (representation.Kind == RepresentationKinds.FeatureMaps)
        {
            return WriteFeatureMaps(context, model, representation);
        }

        var size = representation.Channels * representation.Height * representation.Width;
        var bad = representation.Images.FirstOrDefault(i => i.Values.Length != size);
        if (bad is not null)
        {
            throw new EngineException(EngineErrorKind.Native,
                $"The engine sent {bad.Values.Length} values for '{bad.Label}', not {representation.Channels}×{representation.Height}×{representation.Width}.");
        }

        var directory = Path.GetFullPath(OutputDirectory, context.WorkingDirectory);
        Directory.CreateDirectory(directory);
        var signed = representation.Kind == RepresentationKinds.ClassWeights;
        var scale = MapEnlargement.ScaleFor(representation.Height, representation.Width);
        var files = new List<OutputFile>();
        var written = new List<RepresentationFile>();
        for (var i = 0; i < representation.Images.Count; i++)
        {
            var image = representation.Images[i];
            var stem = Path.Combine(directory, $"{FileNames.Safe(model.Id)}_{FileNames.Safe(representation.Kind)}_{i.ToString(CultureInfo.InvariantCulture)}_{FileNames.Safe(image.Label)}");
            var png = new OutputFile(stem + ".png",
                RepresentationPicture.Png(image.Values, representation.Channels, representation.Height, representation.Width, signed, scale));
            var npy = new OutputFile(stem + ".npy",
                NpyWriter.Float32(image.Values, representation.Channels, representation.Height, representation.Width));
            files.Add(png);
            files.Add(npy);
            written.Add(new RepresentationFile(image.Label, image.ClassIndex, image.Bias, png.Path, npy.Path));
        }

        AtomicFiles.WriteAll(files);
        if (Global.Json)
        {
            CliJson.Write(context.Out, new RepresentResult(model.Id, representation.Kind, representation.Description, written));
            return ExitCodes.Ok;
        }

        context.Out.WriteLine($"{representation.Kind} of {model.Id}: {representation.Description}");
        foreach (var file in written)
        {
            context.Out.WriteLine(file.Png);
        }

        context.Out.Flush();
        return ExitCodes.Ok;
    }

    private int WriteFeatureMaps(CliContext context, ModelInfo model, ModelRepresentation representation)
    {
        var directory = Path.GetFullPath(OutputDirectory, context.WorkingDirectory);
        Directory.CreateDirectory(directory);
        var layers = FeatureMapFiles.For(representation, Path.Combine(directory, $"{FileNames.Safe(model.Id)}_{RepresentationKinds.FeatureMaps}"));
        var files = layers.SelectMany(l => new[] { l.Png, l.Npy }).ToList();
        var written = layers.Select(l => new RepresentationFile(l.Layer, null, null, l.Png.Path, l.Npy.Path)).ToList();
        AtomicFiles.WriteAll(files);
        if (Global.Json)
        {
            CliJson.Write(context.Out, new RepresentResult(model.Id, representation.Kind, representation.Description, written));
            return ExitCodes.Ok;
        }

        context.Out.WriteLine($"{representation.Kind} of {model.Id}: {representation.Description}");
        foreach (var file in written)
        {
            context.Out.WriteLine(file.Png);
        }

        context.Out.Flush();
        return ExitCodes.Ok;
    }

    private sealed record RepresentationFile(string Label, int? ClassIndex, double? Bias, string Png, string Npy);

    private sealed record RepresentResult(string ModelId, string Kind, string Description, IReadOnlyList<RepresentationFile> Images);
}
