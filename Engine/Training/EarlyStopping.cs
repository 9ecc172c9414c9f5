using ExplainHub.Engine.Models;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>
/// Stops a run once validation accuracy has not improved for <c>patience</c> epochs, keeping a copy of the best
/// epoch's weights (and buffers) to go back to.
/// </summary>
public sealed class EarlyStopping(int patience)
{
    private Dictionary<string, NamedTensor>? best;
    private double bestAccuracy = double.NegativeInfinity;

    public int BestEpoch { get; private set; }

    /// <summary>What a checkpoint keeps; null before the first epoch.</summary>
    public EarlyStoppingState? State => best is null ? null : new EarlyStoppingState(BestEpoch, bestAccuracy);

    /// <summary>Records an epoch's validation accuracy; true when the run should stop now.</summary>
    public bool Observe(int epoch, double validationAccuracy, ConvNetClassifier model)
    {
        if (validationAccuracy > bestAccuracy)
        {
            bestAccuracy = validationAccuracy;
            BestEpoch = epoch;
            best = Snapshot(model);
            return false;
        }

        return epoch - BestEpoch >= patience;
    }

    /// <summary>Goes on from a checkpoint: <paramref name="model"/> holds the best epoch's weights at this call.</summary>
    public void Resume(EarlyStoppingState state, ConvNetClassifier model)
    {
        bestAccuracy = state.BestValidationAccuracy;
        BestEpoch = state.BestEpoch;
        best = Snapshot(model);
    }

    public void RestoreBest(ConvNetClassifier model)
    {
        if (best is not null)
        {
            model.Network.SetState(best);
        }
    }

    private static Dictionary<string, NamedTensor> Snapshot(ConvNetClassifier model) =>
        model.Network.State().ToDictionary(t => t.Name, StringComparer.Ordinal);
}
