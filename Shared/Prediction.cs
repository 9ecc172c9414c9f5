namespace ExplainHub.Shared;

/// <summary>Predict images of a data set by index.</summary>
public sealed record PredictRequest(
    string ModelId,
    string DatasetId,
    DatasetSplit Split,
    IReadOnlyList<int> Indices);

/// <summary>Softmax probabilities, one row of <see cref="ClassCount"/> per image.</summary>
public sealed record Prediction(int Index, int Label, int PredictedClass, float[] Probabilities);

public sealed record PredictionBatch(string ModelId, int ClassCount, IReadOnlyList<Prediction> Predictions);
