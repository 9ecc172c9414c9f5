using ExplainHub.Shared;

namespace ExplainHub.Engine.Perturbation;

/// <summary>What a fine-tune through a classifier needs before anything is trained.</summary>
public static class PerturbationPlan
{
    /// <summary>Refuses, in words, a classifier that is not a trained network: gradients must pass through it.</summary>
    public static void CheckClassifier(ModelInfo? classifier, string requestedId)
    {
        if (classifier is null)
        {
            throw new EngineException(EngineErrorKind.NotFound, $"Unknown model '{requestedId}'. List models to see what exists.");
        }

        if (!ModelKinds.IsNetwork(classifier.Kind))
        {
            throw new EngineException(EngineErrorKind.InvalidRequest,
                $"An autoencoder is fine-tuned through a trained network (its gradients pass through it); '{classifier.Name}' is a {classifier.Kind}. Choose a network model such as vgg16-bn, resnet18 or seed-cnn.");
        }
    }
}
