namespace ExplainHub.Engine.Models.Classical;

/// <summary>Receives one round's class probabilities for a batch (count×classes, row-major).</summary>
internal delegate void RoundProbabilities(int round, ReadOnlySpan<double> probabilities);

/// <summary>The fitted weak learners of an AdaBoost ensemble, one per round, read as class probabilities.</summary>
internal interface IWeakLearners : IDisposable
{
    int Count { get; }

    /// <summary>Whether <see cref="Predict"/> may run on several threads at once (managed trees), or not (native boosters).</summary>
    bool CanPredictConcurrently { get; }

    /// <summary>Calls <paramref name="visit"/> with every round's probabilities for <paramref name="count"/> rows, in round order.</summary>
    void Predict(ReadOnlySpan<float> rows, int count, RoundProbabilities visit);

    /// <summary>Round <paramref name="round"/>'s importance per pixel, summing to 1 (uniform when it never split).</summary>
    float[] Importance(int round, int pixels);

    void Save(string directory);
}

/// <summary>Fits AdaBoost's weak learners one round at a time to the current sample weights.</summary>
internal interface IWeakLearnerFitter : IDisposable
{
    /// <summary>Fits the next round to <paramref name="weights"/>; its class probabilities on the training rows (n×classes).</summary>
    double[] Fit(ReadOnlySpan<double> weights, int round);

    /// <summary>Keeps the round fitted last; a round not kept is dropped by the next Fit.</summary>
    void Keep();

    /// <summary>The rounds kept, handed over: the fitter no longer disposes them.</summary>
    IWeakLearners Release();
}
