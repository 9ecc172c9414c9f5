using ExplainHub.Shared;

namespace ExplainHub.Engine.Data;

/// <summary>A labelled image data set with a fixed train/test (and possibly validation) split, held in memory as bytes (0–255).</summary>
public interface IDataset
{
    DatasetInfo Info { get; }

    ImageSet Train { get; }

    ImageSet Test { get; }

    /// <summary>Empty when the data set has no validation split.</summary>
    ImageSet Validation { get; }

    ImageSet Part(DatasetSplit split) => split switch
    {
        DatasetSplit.Train => Train,
        DatasetSplit.Validation => Validation,
        _ => Test,
    };
}
