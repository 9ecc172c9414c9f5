namespace ExplainHub.Engine.Models.Classical;

/// <summary>A tree ensemble's importance of each pixel (total gain of the splits on it, normalised to sum 1).</summary>
public interface IFeatureImportanceModel
{
    float[] FeatureImportance();
}
