using System.Globalization;
using System.Text.Json;
using ExplainHub.Client.Output;
using ExplainHub.Engine.Storage;
using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// Explains one image — image <see cref="Index"/> of a split, or the file <see cref="ImageFile"/>, which the engine
/// decodes and converts to the model's input — and writes into <see cref="OutputDirectory"/>
/// <c>&lt;model&gt;_&lt;image&gt;_&lt;method&gt;.png</c> (the map over the image in <see cref="Style"/>), <c>….npy</c>
/// (the raw signed map), <c>…_heatmap.npy</c> (the map normalised to [0,1]), both Height×Width float32 at input
/// resolution, and <c>….json</c> (classes, probability, parameters, conversions).
/// </summary>
internal sealed record ExplainCommand(
    GlobalOptions Global,
    string ModelId,
    int? Index,
    DatasetSplit Split,
    string Method,
    int? TargetClass,
    string OutputDirectory,
    IReadOnlyList<MethodParameter>? Parameters = null,
    string? ImageFile = null,
    HeatmapStyle? Style = null) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await ModelLookup.FindAsync(engine, ModelId, cancellationToken);
        var style = Style ?? new HeatmapStyle();
        var (batch, images, imageName) = ImageFile is { } file
            ? await ExplainFileAsync(context, engine, model, file, cancellationToken)
            : await ExplainIndexAsync(engine, model, cancellationToken);
        var explanation = batch.Explanations.Single();
        if (images.Height != explanation.Height || images.Width != explanation.Width)
        {
            throw new EngineException(
                EngineErrorKind.Native,
                $"The {Method} map is {explanation.Height}×{explanation.Width} but the image is {images.Height}×{images.Width}.");
        }

        var directory = Path.GetFullPath(OutputDirectory, context.WorkingDirectory);
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{FileNames.Safe(model.Id)}_{FileNames.Safe(imageName)}_{FileNames.Safe(batch.Method)}");
        var overlay = new OutputFile(stem + ".png", HeatmapOverlay.RenderPng(
            images.Pixels,
            images.Channels,
            images.Height,
            images.Width,
            explanation.Heatmap,
            explanation.Probability,
            style,
            MapEnlargement.ScaleFor(images.Height, images.Width)));
        var raw = new OutputFile(stem + ".npy", NpyWriter.Float32(explanation.RawMap, explanation.Height, explanation.Width));
        var heatmap = new OutputFile(stem + "_heatmap.npy", NpyWriter.Float32(explanation.Heatmap, explanation.Height, explanation.Width));
        var result = new ExplainResult(
            model.Id,
            model.DatasetId,
            Split,
            ImageFile is null ? Index : null,
            ImageFile is null ? null : Path.GetFullPath(ImageFile, context.WorkingDirectory),
            batch.Method,
            explanation.Label,
            explanation.Label >= 0 ? ModelLookup.ClassName(model, explanation.Label) : null,
            explanation.PredictedClass,
            ModelLookup.ClassName(model, explanation.PredictedClass),
            explanation.TargetClass,
            ModelLookup.ClassName(model, explanation.TargetClass),
            explanation.Probability,
            overlay.Path,
            raw.Path,
            heatmap.Path,
            stem + ".json",
            batch.Parameters,
            style,
            batch.Notices ?? []);
        var document = new OutputFile(result.Document, JsonSerializer.SerializeToUtf8Bytes(result, CliJson.Options));
        AtomicFiles.WriteAll([overlay, raw, heatmap, document]);

        if (Global.Json)
        {
            CliJson.Write(context.Out, result);
            return ExitCodes.Ok;
        }

        var output = context.Out;
        var subject = ImageFile is null ? $"{Split.ToString().ToLowerInvariant()} image {Index}: label {result.LabelName}," : $"{Path.GetFileName(ImageFile)}:";
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{subject} predicted {result.PredictedName} (p = {result.Probability:0.000}); {result.Method}{Settings(batch.Parameters)} of {result.TargetName}"));
        output.WriteLine(result.Overlay);
        output.WriteLine(result.RawMap);
        output.WriteLine(result.Heatmap);
        output.WriteLine(result.Document);
        output.Flush();
        return ExitCodes.Ok;
    }

    private async Task<(ExplanationBatch Batch, ImageBatch Images, string Name)> ExplainIndexAsync(
        IEngine engine, ModelInfo model, CancellationToken cancellationToken)
    {
        var index = Index ?? throw new CliUsageException("give --index N (an image of the split) or --image FILE");
        var batch = await engine.ExplainAsync(
            new ExplainRequest(model.Id, model.DatasetId, Split, [index], Method, TargetClass, Parameters),
            cancellationToken);
        var images = await engine.GetImagesAsync(new ImagesRequest(model.DatasetId, Split, [index]), cancellationToken);
        // The split is in the name (as perturb show names its files): train image 3 and test image 3 are not one file.
        return (batch, images, $"{Split.ToString().ToLowerInvariant()}-{index.ToString(CultureInfo.InvariantCulture)}");
    }

    private async Task<(ExplanationBatch Batch, ImageBatch Images, string Name)> ExplainFileAsync(
        CliContext context, IEngine engine, ModelInfo model, string file, CancellationToken cancellationToken)
    {
        var upload = await ImageFiles.ReadAsync(context, file, cancellationToken);
        var batch = await engine.ExplainAsync(
            new ExplainRequest(model.Id, model.DatasetId, Split, [], Method, TargetClass, Parameters, [upload]),
            cancellationToken);
        foreach (var notice in batch.Notices ?? [])
        {
            context.Error.WriteLine($"note: {notice}");
        }

        var images = batch.Images ?? throw new EngineException(EngineErrorKind.Native, "The engine did not send the converted image back.");
        return (batch, images, Path.GetFileNameWithoutExtension(file));
    }

    private static string Settings(IReadOnlyList<MethodParameter>? parameters) =>
        parameters is { Count: > 0 } ? $" ({string.Join(", ", parameters.Select(p => $"{p.Name}={p.Value}"))})" : string.Empty;
}
