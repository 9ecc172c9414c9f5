using ExplainHub.Engine.Native.XGBoost;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>AdaBoost rounds that are one XGBoost boosting round each, saved as round-000.ubj, round-001.ubj … .</summary>
internal sealed class XGBoostWeakLearners(XGBoostBooster[] rounds, int classes) : IWeakLearners
{
    public int Count => rounds.Length;

    // XGBoost boosters are guarded by the ensemble's lock; one prediction at a time.
    public bool CanPredictConcurrently => false;

    public static XGBoostWeakLearners Load(string directory, int count, int pixels, int classes)
    {
        var rounds = new List<XGBoostBooster>(count);
        try
        {
            for (var m = 0; m < count; m++)
            {
                rounds.Add(XGBoostTrees.Load(Path.Combine(directory, AdaBoostDetails.RoundFile(m)), pixels));
            }

            return new XGBoostWeakLearners([.. rounds], classes);
        }
        catch
        {
            foreach (var round in rounds)
            {
                round.Dispose();
            }

            throw;
        }
    }

    public void Predict(ReadOnlySpan<float> rows, int count, RoundProbabilities visit)
    {
        var pixels = rows.Length / count;
        var probabilities = new double[count * classes];
        using var matrix = XGBoostTrees.Matrix(rows, count, pixels);
        for (var m = 0; m < rounds.Length; m++)
        {
            var predicted = rounds[m].Predict(matrix, outputMargin: false);
            for (var i = 0; i < probabilities.Length; i++)
            {
                probabilities[i] = predicted[i];
            }

            visit(m, probabilities);
        }
    }

    public float[] Importance(int round, int pixels) => XGBoostTrees.Normalise(rounds[round].TotalGain(pixels));

    public void Save(string directory)
    {
        for (var m = 0; m < rounds.Length; m++)
        {
            XGBoostTrees.Save(rounds[m], Path.Combine(directory, AdaBoostDetails.RoundFile(m)));
        }
    }

    public void Dispose()
    {
        foreach (var round in rounds)
        {
            round.Dispose();
        }
    }
}
