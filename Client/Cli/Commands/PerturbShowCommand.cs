using System.Globalization;
using System.Text.Json;
using ExplainHub.Client.Output;
using ExplainHub.Engine.Imaging;
using ExplainHub.Engine.Storage;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// Seed 004's figures for one image and a combined model, written into <see cref="OutputDirectory"/> as
/// <c>&lt;model&gt;_&lt;image&gt;_…</c>: the input and the autoencoder's output (Fig. 4.1, <c>input</c>, <c>output</c>), the
/// contrast-stretched |output − input| as a heat map (<c>difference</c>), Grad-CAM of the classifier on the input and
/// of the classifier on the output (Fig. 4.2, <c>grad-cam_classifier</c>, <c>grad-cam_combined</c>, each marked correct
/// or not in the JSON), and the classifier's first two convolutions on both (Fig. 4.3, <c>feature-maps_…</c>) — each
/// a PNG with its values as <c>.npy</c> — and <c>….json</c> with what was predicted and where each file is.
/// </summary>
internal sealed record PerturbShowCommand(GlobalOptions Global, string ModelId, string OutputDirectory, DatasetSplit Split = DatasetSplit.Test,
    int? Index = null, string? ImageFile = null, string? Layer = null) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var model = await ModelLookup.FindAsync(engine, ModelId, cancellationToken);
        var facts = model.Facts?.Perturbation
            ?? throw new CliUsageException($"model {ModelId} is a {model.Kind}, not a combined model; 'explainhub perturb report' lists those there are");
        var upload = ImageFile is { } path ? await ImageFiles.ReadAsync(context, path, cancellationToken) : null;
        var index = upload is null ? Index ?? 0 : 0;
        var perturbed = await engine.PerturbAsync(new PerturbationImageRequest(model.Id, Split, index, upload), cancellationToken);
        var parameters = Layer is { } layer ? new[] { new MethodParameter("layer", layer) } : null;
        var indices = upload is null ? new[] { index } : [];
        var uploads = upload is null ? null : new[] { upload };
        var before = (await engine.ExplainAsync(new ExplainRequest(facts.ClassifierModelId, model.DatasetId, Split, indices, ExplanationMethods.GradCam,
            null, parameters, uploads), cancellationToken)).Explanations.Single();
        var after = (await engine.ExplainAsync(new ExplainRequest(model.Id, model.DatasetId, Split, indices, ExplanationMethods.GradCam,
            null, parameters, uploads), cancellationToken)).Explanations.Single();
        var mapsBefore = await engine.RepresentAsync(new RepresentationRequest(facts.ClassifierModelId, Split, index, upload), cancellationToken);
        var mapsAfter = await engine.RepresentAsync(new RepresentationRequest(model.Id, Split, index, upload), cancellationToken);

        var (channels, height, width) = (perturbed.Channels, perturbed.Height, perturbed.Width);
        var directory = Path.GetFullPath(OutputDirectory, context.WorkingDirectory);
        Directory.CreateDirectory(directory);
        var imageName = upload is null ? $"{Split.ToString().ToLowerInvariant()}-{index.ToString(CultureInfo.InvariantCulture)}" : Path.GetFileNameWithoutExtension(ImageFile!);
        var stem = Path.Combine(directory, $"{FileNames.Safe(model.Id)}_{FileNames.Safe(imageName)}");
        var scale = MapEnlargement.ScaleFor(height, width);
        var style = new HeatmapStyle();
        var files = new List<OutputFile>();
        string Add(string name, byte[] png, byte[] npy)
        {
            files.Add(new OutputFile($"{stem}_{name}.png", png));
            files.Add(new OutputFile($"{stem}_{name}.npy", npy));
            return $"{stem}_{name}.png";
        }

        var input = Add("input", ImagePng.FromValues(perturbed.Input, channels, height, width, scale), NpyWriter.Float32(perturbed.Input, channels, height, width));
        var output = Add("output", ImagePng.FromValues(perturbed.Output, channels, height, width, scale), NpyWriter.Float32(perturbed.Output, channels, height, width));
        var difference = Add("difference", RepresentationPicture.Png(perturbed.Difference, 1, height, width, signed: false, scale),
            NpyWriter.Float32(perturbed.Difference, height, width));
        var gradCamBefore = Add("grad-cam_classifier",
            HeatmapOverlay.RenderPng(ImagePng.ToBytes(perturbed.Input), channels, height, width, before.Heatmap, before.Probability, style, scale),
            NpyWriter.Float32(before.RawMap, height, width));
        var gradCamAfter = Add("grad-cam_combined",
            HeatmapOverlay.RenderPng(ImagePng.ToBytes(perturbed.Output), channels, height, width, after.Heatmap, after.Probability, style, scale),
            NpyWriter.Float32(after.RawMap, height, width));
        var layers = FeatureMapFiles.For(mapsBefore, $"{stem}_feature-maps_classifier")
            .Select(l => (Which: "classifier", l.Layer, l.Png, l.Npy))
            .Concat(FeatureMapFiles.For(mapsAfter, $"{stem}_feature-maps_combined").Select(l => (Which: "combined", l.Layer, l.Png, l.Npy)))
            .ToArray();
        files.AddRange(layers.SelectMany(l => new[] { l.Png, l.Npy }));

        var label = perturbed.TrueClass;
        PerturbedPrediction Prediction(Explanation e, string picture) => new(e.PredictedClass, ModelLookup.ClassName(model, e.PredictedClass), e.Probability,
            label is { } truth ? e.PredictedClass == truth : null, picture);
        var result = new PerturbShowResult(model.Id, facts.ClassifierModelId, facts.SplitLabel, perturbed.Subject, label,
            label is { } l ? ModelLookup.ClassName(model, l) : null, perturbed.MaxAbsoluteChange, input, output, difference,
            Prediction(before, gradCamBefore), Prediction(after, gradCamAfter),
            layers.Select(l => new FeatureMapPicture(l.Which, l.Layer, l.Png.Path)).ToArray(), stem + ".json");
        files.Add(new OutputFile(result.Document, JsonSerializer.SerializeToUtf8Bytes(result, CliJson.Options)));
        AtomicFiles.WriteAll(files);

        if (Global.Json)
        {
            CliJson.Write(context.Out, result);
            return ExitCodes.Ok;
        }

        var text = context.Out;
        text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{perturbed.Subject}: the autoencoder changed pixels by up to {perturbed.MaxAbsoluteChange:0.000} (model trained on: {facts.SplitLabel})"));
        text.WriteLine($"  classifier alone:  {Describe(result.Classifier)}");
        text.WriteLine($"  combined model:    {Describe(result.Combined)}");
        foreach (var file in new[] { input, output, difference, gradCamBefore, gradCamAfter }.Concat(layers.Select(l => l.Png.Path)).Append(result.Document))
        {
            text.WriteLine(file);
        }

        text.Flush();
        return ExitCodes.Ok;
    }

    private static string Describe(PerturbedPrediction p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.ClassName} (p = {p.Probability:0.000}){p.Correct switch { true => " ✓ correct", false => " ✗ incorrect", null => "" }}");

    private sealed record PerturbedPrediction(int PredictedClass, string ClassName, float Probability, bool? Correct, string GradCam);

    private sealed record FeatureMapPicture(string Model, string Layer, string Png);

    private sealed record PerturbShowResult(string ModelId, string ClassifierModelId, string TrainedOn, string Subject, int? Label, string? LabelName,
        double MaxAbsoluteChange, string Input, string Output, string Difference, PerturbedPrediction Classifier, PerturbedPrediction Combined,
        IReadOnlyList<FeatureMapPicture> FeatureMaps, string Document);
}
