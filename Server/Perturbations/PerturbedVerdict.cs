namespace ExplainHub.Server.Perturbations;

/// <summary>What the classifier made of one picture: its class, probability, whether that is the label, and Grad-CAM over the picture.</summary>
public sealed record PerturbedVerdict(string ClassName, double Probability, bool? Correct, string GradCamUrl);
