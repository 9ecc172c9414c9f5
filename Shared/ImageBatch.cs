namespace ExplainHub.Shared;

public sealed record ImagesRequest(string DatasetId, DatasetSplit Split, IReadOnlyList<int> Indices);

/// <summary>
/// Images as stored: <see cref="Pixels"/> holds Count×Channels×Height×Width bytes (0–255), row-major,
/// image after image; <see cref="Labels"/> one class index per image.
/// </summary>
public sealed record ImageBatch(
    int Count,
    int Channels,
    int Height,
    int Width,
    byte[] Pixels,
    int[] Labels,
    IReadOnlyList<int> Indices);
