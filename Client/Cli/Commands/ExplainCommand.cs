using System.Globalization;
using ExplainHub.Client.Output;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// Explains one image and writes three files into <see cref="OutputDirectory"/>:
/// <c>&lt;model&gt;_&lt;index&gt;_&lt;method&gt;.png</c> (overlay), <c>….npy</c> (the raw signed map) and
/// <c>…_heatmap.npy</c> (the map normalised to [0,1]), all Height×Width float32 at input resolution.
/// </summary>
internal sealed record ExplainCommand(
    GlobalOptions Global,
    string ModelId,
    int Index,
    DatasetSplit Split,
    string Method,
    int? TargetClass,
    string OutputDirectory,
    IReadOnlyList<MethodParameter>? Parameters = null) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await ModelLookup.FindAsync(engine, ModelId, cancellationToken);
        var batch = await engine.ExplainAsync(
            new ExplainRequest(model.Id, model.DatasetId, Split, [Index], Method, TargetClass, Parameters),
            cancellationToken);
        var explanation = batch.Explanations.Single();
        var images = await engine.GetImagesAsync(new ImagesRequest(model.DatasetId, Split, [Index]), cancellationToken);
        if (images.Height != explanation.Height || images.Width != explanation.Width)
        {
            throw new EngineException(
                EngineErrorKind.Native,
                $"The {Method} map is {explanation.Height}×{explanation.Width} but the image is {images.Height}×{images.Width}.");
        }

        var directory = Path.GetFullPath(OutputDirectory, context.WorkingDirectory);
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{FileNames.Safe(model.Id)}_{Index.ToString(CultureInfo.InvariantCulture)}_{FileNames.Safe(batch.Method)}");
        var overlay = new OutputFile(stem + ".png", ExplanationImages.OverlayPng(
            images.Pixels,
            images.Channels,
            images.Height,
            images.Width,
            explanation.Heatmap,
            explanation.Probability,
            ExplanationImages.ScaleFor(images.Height, images.Width)));
        var raw = new OutputFile(stem + ".npy", NpyWriter.Float32(explanation.RawMap, explanation.Height, explanation.Width));
        var heatmap = new OutputFile(stem + "_heatmap.npy", NpyWriter.Float32(explanation.Heatmap, explanation.Height, explanation.Width));
        AtomicFiles.WriteAll([overlay, raw, heatmap]);

        var result = new ExplainResult(
            model.Id,
            model.DatasetId,
            Split,
            Index,
            batch.Method,
            explanation.Label,
            ModelLookup.ClassName(model, explanation.Label),
            explanation.PredictedClass,
            ModelLookup.ClassName(model, explanation.PredictedClass),
            explanation.TargetClass,
            ModelLookup.ClassName(model, explanation.TargetClass),
            explanation.Probability,
            overlay.Path,
            raw.Path,
            heatmap.Path,
            batch.Parameters);
        if (Global.Json)
        {
            CliJson.Write(context.Out, result);
            return ExitCodes.Ok;
        }

        var output = context.Out;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Split.ToString().ToLowerInvariant()} image {Index}: label {result.LabelName}, predicted {result.PredictedName} (p = {result.Probability:0.000}); {result.Method}{Settings(batch.Parameters)} of {result.TargetName}"));
        output.WriteLine(result.Overlay);
        output.WriteLine(result.RawMap);
        output.WriteLine(result.Heatmap);
        output.Flush();
        return ExitCodes.Ok;
    }

    private static string Settings(IReadOnlyList<MethodParameter>? parameters) =>
        parameters is { Count: > 0 } ? $" ({string.Join(", ", parameters.Select(p => $"{p.Name}={p.Value}"))})" : string.Empty;
}
