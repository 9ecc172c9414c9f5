namespace ExplainHub.Server.Training;

/// <summary>One point of a training curve; <see cref="X"/> is in epochs (1.5 = half-way through epoch 2).</summary>
public readonly record struct CurvePoint(double X, double Y);
