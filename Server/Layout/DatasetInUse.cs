using ExplainHub.Shared;

namespace ExplainHub.Server.Layout;

/// <summary>
/// The data set this browser tab works with (one per circuit): the app bar shows it, and the Data, Train and Compare
/// pages open on it and set it when someone picks another.
/// </summary>
public sealed class DatasetInUse
{
    public DatasetInfo? Dataset { get; private set; }

    public string? Id => Dataset?.Id;

    public event Action? Changed;

    public void Set(DatasetInfo? dataset)
    {
        if (dataset is null || dataset == Dataset)
        {
            return;
        }

        Dataset = dataset;
        Changed?.Invoke();
    }
}
