using ExplainHub.Shared;

namespace ExplainHub.Engine.Data;

/// <summary>A labelled image data set with a fixed train/test split, held in memory as bytes (0–255).</summary>
public interface IDataset
{
    DatasetInfo Info { get; }

    ImageSet Train { get; }

    ImageSet Test { get; }

    ImageSet Part(DatasetSplit split) => split == DatasetSplit.Train ? Train : Test;
}
