using ExplainHub.Shared;

namespace ExplainHub.Engine.Data.Import;

/// <summary>
/// Reads one format into a data set. Bad input is a <see cref="DatasetFormatException"/> that names the file and
/// the line or byte offset; nothing is written until the whole input has been read.
/// </summary>
public interface IDatasetImporter
{
    string Format { get; }

    /// <param name="progress">Fraction of the input read so far, 0..1.</param>
    InMemoryDataset Import(DatasetImportRequest request, string id, Action<double> progress, CancellationToken cancellationToken);
}
