namespace ExplainHub.Shared;

public enum DatasetSplit
{
    Train,
    Test,

    /// <summary>Held out for model selection and early stopping (FER2013's PublicTest); empty for many data sets.</summary>
    Validation,
}

/// <summary>A data set the engine can train on: images of one shape, labelled with one of <see cref="ClassNames"/>.</summary>
public sealed record DatasetInfo(
    string Id,
    string Name,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<string> ClassNames,
    int TrainCount,
    int TestCount,
    int ValidationCount = 0);
