namespace ExplainHub.Shared;

public enum DatasetSplit
{
    Train,
    Test,
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
    int TestCount);
