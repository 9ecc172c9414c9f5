using System.Globalization;
using System.Text;
using System.Text.Json;
using ExplainHub.Client.Output;
using ExplainHub.Engine.Storage;
using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// <c>explainhub compare --models A,B --methods cam,occlusion</c>: every (model, method) pair that applies explains
/// the same images of the first model's data set, and the engine says how alike their maps are — mean Spearman
/// rank correlation and top-ρ IoU per pair — as two tables (or <c>--json</c>); <c>--out DIR</c> also writes
/// agreement.json, spearman.csv and iou.csv. <c>--param NAME=VALUE</c> goes to every method that takes NAME.
/// </summary>
internal sealed record CompareCommand(
    GlobalOptions Global,
    IReadOnlyList<string> ModelIds,
    IReadOnlyList<string> Methods,
    IReadOnlyList<int> Indices,
    DatasetSplit Split,
    double Rho,
    IReadOnlyList<MethodParameter> Parameters,
    string? OutputDirectory,
    string? ImageFile = null,
    HeatmapStyle? Style = null) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var explainers = new List<Explainer>();
        string? datasetId = null;
        foreach (var id in ModelIds)
        {
            var model = await ModelLookup.FindAsync(engine, id, cancellationToken);
            datasetId ??= model.DatasetId;
            var available = await engine.GetMethodsAsync(model.Id, cancellationToken);
            foreach (var method in Methods)
            {
                var availability = available.FirstOrDefault(a => a.Method.Name == method)
                    ?? throw new CliUsageException($"unknown method '{method}'; known: {string.Join(", ", available.Select(a => a.Method.Name))}");
                if (!availability.Applies)
                {
                    context.Error.WriteLine($"skipping {model.Id}/{method}: {availability.Reason}");
                    continue;
                }

                var own = Parameters.Where(p => availability.Method.Parameters.Any(d => d.Name == p.Name)).ToArray();
                explainers.Add(new Explainer(model.Id, method, own.Length > 0 ? own : null));
            }
        }

        if (explainers.Count == 0)
        {
            throw new CliUsageException("none of the methods applies to any of the models (see explainhub methods --model ID)");
        }

        var uploads = ImageFile is { } file ? new[] { await ImageFiles.ReadAsync(context, file, cancellationToken) } : null;
        var result = await engine.CompareAsync(new AgreementRequest(datasetId!, Split, Indices, explainers, Rho, Uploads: uploads), cancellationToken);
        if (OutputDirectory is not null)
        {
            var directory = Path.GetFullPath(OutputDirectory, context.WorkingDirectory);
            Directory.CreateDirectory(directory);
            var grid = await GridAsync(engine, datasetId!, explainers, uploads, cancellationToken);
            AtomicFiles.WriteAll(
            [
                new OutputFile(Path.Combine(directory, "agreement.json"), JsonSerializer.SerializeToUtf8Bytes(result, CliJson.Options)),
                new OutputFile(Path.Combine(directory, "spearman.csv"), Csv(result.Labels, result.Spearman)),
                new OutputFile(Path.Combine(directory, "iou.csv"), Csv(result.Labels, result.Iou)),
                new OutputFile(Path.Combine(directory, "grid.png"), grid),
            ]);
            context.Error.WriteLine($"wrote agreement.json, spearman.csv, iou.csv and grid.png to {directory}");
        }

        if (Global.Json)
        {
            CliJson.Write(context.Out, result);
            return ExitCodes.Ok;
        }

        var output = context.Out;
        output.WriteLine(ImageFile is null
            ? FormattableString.Invariant($"{result.Images} images of {datasetId} ({Split.ToString().ToLowerInvariant()}), ρ = {result.Rho:0.##}")
            : FormattableString.Invariant($"{Path.GetFileName(ImageFile)}, ρ = {result.Rho:0.##}"));
        for (var i = 0; i < result.Labels.Count; i++)
        {
            output.WriteLine($"  [{i + 1}] {result.Labels[i]}");
        }

        Matrix(output, "Spearman rank correlation of H", result.Spearman);
        Matrix(output, FormattableString.Invariant($"IoU of the top-{result.Rho:0.##%} masks"), result.Iou);
        output.Flush();
        return ExitCodes.Ok;
    }

    // The first image's maps, a row per model and a column per method; the pairs that were skipped stay empty tiles.
    private async Task<byte[]> GridAsync(
        IEngine engine, string datasetId, IReadOnlyList<Explainer> explainers, IReadOnlyList<UploadedImage>? uploads, CancellationToken cancellationToken)
    {
        int[] first = uploads is null ? [Indices[0]] : [];
        ImageBatch? image = uploads is null ? await engine.GetImagesAsync(new ImagesRequest(datasetId, Split, first), cancellationToken) : null;
        var rows = new List<GridRow>();
        foreach (var modelId in explainers.Select(e => e.ModelId).Distinct())
        {
            var model = await ModelLookup.FindAsync(engine, modelId, cancellationToken);
            var tiles = new List<GridTile?>();
            foreach (var method in Methods)
            {
                if (explainers.FirstOrDefault(e => e.ModelId == modelId && e.Method == method) is not { } explainer)
                {
                    tiles.Add(null);
                    continue;
                }

                var batch = await engine.ExplainAsync(
                    new ExplainRequest(modelId, datasetId, Split, first, method, null, explainer.Parameters, uploads), cancellationToken);
                image ??= batch.Images;
                var map = batch.Explanations[0];
                tiles.Add(new GridTile(map.Heatmap, map.Probability,
                    FormattableString.Invariant($"{ModelLookup.ClassName(model, map.TargetClass)} p={map.Probability:0.00}")));
            }

            rows.Add(new GridRow(modelId, tiles));
        }

        var shown = image ?? throw new EngineException(EngineErrorKind.Native, "The engine did not send the image back.");
        return ComparisonGrid.RenderPng(shown.Pixels.AsSpan(0, shown.Channels * shown.Height * shown.Width), shown.Channels, shown.Height, shown.Width,
            Methods, rows, Style ?? new HeatmapStyle());
    }

    private static void Matrix(TextWriter output, string title, IReadOnlyList<IReadOnlyList<double>> values)
    {
        output.WriteLine();
        output.WriteLine(title);
        var table = new TextTable([string.Empty, .. Enumerable.Range(1, values.Count).Select(i => $"[{i}]")]);
        for (var r = 0; r < values.Count; r++)
        {
            table.Add([$"[{r + 1}]", .. values[r].Select(v => v.ToString("0.000", CultureInfo.InvariantCulture))]);
        }

        table.WriteTo(output);
    }

    private static byte[] Csv(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<double>> values)
    {
        static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var text = new StringBuilder().AppendLine(string.Join(",", labels.Select(Quote).Prepend("\"\"")));
        for (var r = 0; r < values.Count; r++)
        {
            text.AppendLine(string.Join(",", values[r].Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Prepend(Quote(labels[r]))));
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
