using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

[Collection(NativeCollection.Name)]
public sealed class AugmentationTests
{
    private const int Side = 24;

    [Fact]
    public void Rotation_KeepsACentredDiscsMassAndCentre_AndChangesAnAsymmetricImage()
    {
        const int count = 32;
        var discs = Repeat(Disc(radius: 6), count);
        using var generator = new TorchGenerator(5);
        var rotated = generator.Augment(discs, count, 1, Side, Side, new Augmentation(RotationDegrees: 20));

        for (var i = 0; i < count; i++)
        {
            var before = discs.AsSpan(i * Side * Side, Side * Side);
            var after = rotated.AsSpan(i * Side * Side, Side * Side);
            Assert.InRange(Sum(after) / Sum(before), 0.97, 1.03);
            var (row, col) = Centre(after);
            Assert.InRange(row, (Side / 2.0) - 0.5 - 0.2, (Side / 2.0) - 0.5 + 0.2);
            Assert.InRange(col, (Side / 2.0) - 0.5 - 0.2, (Side / 2.0) - 0.5 + 0.2);
        }

        var bar = Repeat(HorizontalBar(), count);
        var rotatedBars = generator.Augment(bar, count, 1, Side, Side, new Augmentation(RotationDegrees: 20));
        var changed = Enumerable.Range(0, count).Count(i =>
            MaxDifference(bar.AsSpan(i * Side * Side, Side * Side), rotatedBars.AsSpan(i * Side * Side, Side * Side)) > 0.2);
        Assert.True(changed > count / 2, $"only {changed} of {count} bars visibly rotated");
    }

    [Fact]
    public void Flip_MirrorsAboutHalfTheImages_Exactly()
    {
        const int count = 64;
        var ramp = Repeat(Ramp(), count);
        using var generator = new TorchGenerator(7);
        var flipped = generator.Augment(ramp, count, 1, Side, Side, new Augmentation(HorizontalFlip: true));
        var mirrored = Mirror(Ramp());
        int same = 0, mirror = 0;
        for (var i = 0; i < count; i++)
        {
            var image = flipped.AsSpan(i * Side * Side, Side * Side);
            same += MaxDifference(image, Ramp()) < 1e-5 ? 1 : 0;
            mirror += MaxDifference(image, mirrored) < 1e-5 ? 1 : 0;
        }

        Assert.Equal(count, same + mirror);
        Assert.InRange(mirror, count / 4, 3 * count / 4);
    }

    [Fact]
    public void Shift_MovesAPointByNoMoreThanTheLimit()
    {
        const int count = 32;
        var dot = new float[Side * Side];
        dot[(12 * Side) + 12] = 1;
        using var generator = new TorchGenerator(9);
        var shifted = generator.Augment(Repeat(dot, count), count, 1, Side, Side, new Augmentation(MaxShiftPixels: 3));
        var moved = 0;
        for (var i = 0; i < count; i++)
        {
            var (row, col) = Centre(shifted.AsSpan(i * Side * Side, Side * Side));
            Assert.InRange(row, 12 - 3.01, 12 + 3.01);
            Assert.InRange(col, 12 - 3.01, 12 + 3.01);
            moved += Math.Abs(row - 12) + Math.Abs(col - 12) > 0.5 ? 1 : 0;
        }

        Assert.True(moved > count / 2, $"only {moved} of {count} dots moved");
    }

    [Fact]
    public void SameSeed_GivesTheSameWarps()
    {
        var bars = Repeat(HorizontalBar(), 8);
        var settings = new Augmentation(15, 2, true);
        using var a = new TorchGenerator(11);
        using var b = new TorchGenerator(11);
        Assert.Equal(a.Augment(bars, 8, 1, Side, Side, settings), b.Augment(bars, 8, 1, Side, Side, settings));
    }

    [Fact]
    public async Task TrainingWithAugmentation_RunsThroughTheEngine_AndBadSettingsAreRefused()
    {
        using var fixture = new EngineFixture();
        var (dataset, _) = SyntheticData.BrightPatch(128, 32, side: 16, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 1, BatchSize: 32,
            Augment: new Augmentation(RotationDegrees: 20, MaxShiftPixels: 2, HorizontalFlip: true)));
        Assert.Equal(JobState.Completed, job.State);

        var error = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.StartTrainingAsync(
            new TrainRequest(dataset.Info.Id, Augment: new Augmentation(RotationDegrees: -5))));
        Assert.Contains("rotation", error.Message, StringComparison.Ordinal);
    }

    private static float[] Disc(int radius)
    {
        var image = new float[Side * Side];
        var centre = (Side / 2.0) - 0.5;
        for (var r = 0; r < Side; r++)
        {
            for (var c = 0; c < Side; c++)
            {
                var d = Math.Sqrt(((r - centre) * (r - centre)) + ((c - centre) * (c - centre)));
                image[(r * Side) + c] = (float)Math.Clamp(radius + 0.5 - d, 0, 1);
            }
        }

        return image;
    }

    private static float[] HorizontalBar()
    {
        var image = new float[Side * Side];
        for (var c = 3; c < Side - 3; c++)
        {
            image[(11 * Side) + c] = image[(12 * Side) + c] = 1;
        }

        return image;
    }

    private static float[] Ramp() => Enumerable.Range(0, Side * Side).Select(p => (float)(p % Side) / Side).ToArray();

    private static float[] Mirror(float[] image) =>
        Enumerable.Range(0, Side * Side).Select(p => image[((p / Side) * Side) + (Side - 1 - (p % Side))]).ToArray();

    private static float[] Repeat(float[] image, int count) => Enumerable.Repeat(image, count).SelectMany(x => x).ToArray();

    private static double Sum(ReadOnlySpan<float> image)
    {
        double sum = 0;
        foreach (var v in image)
        {
            sum += v;
        }

        return sum;
    }

    private static (double Row, double Col) Centre(ReadOnlySpan<float> image)
    {
        double total = 0, row = 0, col = 0;
        for (var p = 0; p < image.Length; p++)
        {
            total += image[p];
            row += image[p] * (p / Side);
            col += image[p] * (p % Side);
        }

        return (row / total, col / total);
    }

    private static double MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double worst = 0;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }

        return worst;
    }
}
