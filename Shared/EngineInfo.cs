namespace ExplainHub.Shared;

/// <summary>What the engine runs on: TorchSharp and libtorch versions, device and threads.</summary>
public sealed record EngineInfo(
    string TorchSharpVersion,
    string TorchVersion,
    string Device,
    bool CudaAvailable,
    int Threads,
    IReadOnlyList<string> ModelKinds,
    IReadOnlyList<string> ExplanationMethods);
