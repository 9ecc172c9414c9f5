namespace ExplainHub.Server.Training;

/// <summary>One test image with its CAM drawn over it, ready to show: <see cref="ImageUrl"/> is a PNG data URL.</summary>
public sealed record CamTile(
    int Index,
    string ImageUrl,
    string PredictedClass,
    double Probability,
    string TrueClass,
    bool IsConfident,
    bool IsCorrect);
