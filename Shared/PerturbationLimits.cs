namespace ExplainHub.Shared;

/// <summary>
/// What a run of seed 004's autoencoder accepts, checked in one place for the engine (which refuses a request) and
/// the pages (which name each problem in place before anything is sent).
/// </summary>
public static class PerturbationLimits
{
    public const int MaxEpochs = 1000;

    public const int MaxBatchSize = 4096;

    public const double MaxReconstructionWeight = 1000;

    /// <summary>Levels of a U-Net and the width of each; beyond these a run would not fit any machine here.</summary>
    public const int MaxLevels = 6;

    public const int MaxWidth = 1024;

    /// <summary>Everything wrong with these settings, in words, in this order; empty when nothing is. Null widths: the default U-Net.</summary>
    public static IReadOnlyList<string> Problems(int reconstructionEpochs, int fineTuneEpochs, int batchSize, double learningRate,
        double reconstructionWeight, int? trainSubset, IReadOnlyList<int>? widths)
    {
        var problems = new List<string>();
        if (reconstructionEpochs is < 0 or > MaxEpochs || fineTuneEpochs is < 0 or > MaxEpochs)
        {
            problems.Add($"Each phase runs 0 to {MaxEpochs} epochs.");
        }
        else if (reconstructionEpochs + fineTuneEpochs == 0)
        {
            problems.Add("Run at least one epoch of one phase.");
        }

        if (batchSize is < 1 or > MaxBatchSize)
        {
            problems.Add($"A batch holds 1 to {MaxBatchSize} images.");
        }

        // Written as "not within" so that NaN, which no comparison holds for, is refused too.
        if (!(learningRate is > 0 and <= 1))
        {
            problems.Add("The learning rate is above 0 and at most 1.");
        }

        if (!(reconstructionWeight is >= 0 and <= MaxReconstructionWeight))
        {
            problems.Add($"The reconstruction term's weight is 0 to {MaxReconstructionWeight}.");
        }

        if (trainSubset is < 1)
        {
            problems.Add("A training subset has at least one image (none given: all of them).");
        }

        if (widths is not null && (widths.Count is < 1 or > MaxLevels || widths.Any(w => w is < 1 or > MaxWidth)))
        {
            problems.Add($"Widths: a U-Net has 1 to {MaxLevels} levels, each 1 to {MaxWidth} channels wide (e.g. 32,64,128,256); got {string.Join(",", widths)}.");
        }

        return problems;
    }
}
