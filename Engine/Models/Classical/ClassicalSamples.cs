using ExplainHub.Shared;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>The check every classical family makes before fitting: the samples are the model's images and classes.</summary>
internal static class ClassicalSamples
{
    public static void Check(ModelInfo info, ImageShape shape, SampleMatrix samples)
    {
        if (samples.Dimension != shape.Pixels || samples.Classes != info.ClassNames.Count)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"{samples.Classes}-class samples of {samples.Dimension} features do not fit {shape} images of {info.ClassNames.Count} classes.");
        }
    }
}
