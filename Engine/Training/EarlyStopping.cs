using ExplainHub.Engine.Models;
using ExplainHub.Engine.Native;

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

    /// <summary>Records an epoch's validation accuracy; true when the run should stop now.</summary>
    public bool Observe(int epoch, double validationAccuracy, ConvNetClassifier model)
    {
        if (validationAccuracy > bestAccuracy)
        {
            bestAccuracy = validationAccuracy;
            BestEpoch = epoch;
            best = model.Network.State().ToDictionary(t => t.Name, StringComparer.Ordinal);
            return false;
        }

        return epoch - BestEpoch >= patience;
    }

    public void RestoreBest(ConvNetClassifier model)
    {
        if (best is not null)
        {
            model.Network.SetState(best);
        }
    }
}
