namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// A hybrid family built on a trained network (CNN+SVM, SVM+Mask). The static registry holds it without a way to
/// find models, enough to load saved hybrids; the engine hands it its model store before a fit.
/// </summary>
public interface ISourcedFamily : IModelFamily
{
    IModelFamily WithSources(Func<string, IClassifier> findModel);
}
