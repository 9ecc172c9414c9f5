namespace ExplainHub.Shared;

/// <summary>
/// Random geometric augmentation of every training batch (seed 000 §4.1 rotates FER2013 images by up to ±20°):
/// rotation about the centre uniform in ±<see cref="RotationDegrees"/>, shift uniform in ±<see cref="MaxShiftPixels"/>
/// on each axis, and a horizontal mirror with probability ½. Zeros fill what comes in from outside.
/// </summary>
public sealed record Augmentation(double RotationDegrees = 0, double MaxShiftPixels = 0, bool HorizontalFlip = false)
{
    public bool IsActive => RotationDegrees > 0 || MaxShiftPixels > 0 || HorizontalFlip;
}
