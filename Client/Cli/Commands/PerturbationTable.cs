using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>
/// Seed 004's Table 4.1 for combined models: the classifier alone and the combined model on the training images each
/// run used and on the test split, with the split each was trained on — a "full" run says so in its own column.
/// </summary>
internal static class PerturbationTable
{
    public static void Write(TextWriter output, IReadOnlyList<ModelInfo> combined)
    {
        var table = new TextTable("MODEL", "DATASET", "CLASSIFIER", "TRAINED ON", "CLASSIFIER TRAIN", "CLASSIFIER TEST", "COMBINED TRAIN", "COMBINED TEST",
            "IMAGES", "RECONSTRUCTION", "FINE-TUNE");
        foreach (var model in combined)
        {
            var f = model.Facts?.Perturbation ?? throw new ArgumentException($"{model.Id} is not a combined model.", nameof(combined));
            table.Add(
                model.Id,
                model.DatasetId,
                $"{f.ClassifierKind} {f.ClassifierModelId}",
                f.SplitLabel,
                Percent(f.ClassifierTrainAccuracy),
                Percent(f.ClassifierTestAccuracy),
                Percent(f.CombinedTrainAccuracy),
                Percent(f.CombinedTestAccuracy),
                string.Create(CultureInfo.InvariantCulture, $"{f.TrainImages:N0} / {f.TestImages:N0}"),
                Seconds(f.ReconstructionSeconds, f.ReconstructionEpochs),
                Seconds(f.FineTuneSeconds, f.FineTuneEpochs));
        }

        table.WriteTo(output);
        output.WriteLine("TRAIN is the images the run trained on (train split only, or with the test split for 'full' runs); TEST the test split.");
        output.Flush();
    }

    private static string Percent(double value) => double.IsFinite(value) ? value.ToString("0.00%", CultureInfo.InvariantCulture) : "-";

    private static string Seconds(double seconds, int epochs) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s ({epochs} ep)");
}
