using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

internal sealed record InfoCommand(GlobalOptions Global) : EngineCommand(Global)
{
    public override async Task<int> RunAsync(CliContext context, IEngine engine, CancellationToken cancellationToken)
    {
        var info = await engine.GetInfoAsync(cancellationToken);
        if (Global.Json)
        {
            CliJson.Write(context.Out, info);
            return ExitCodes.Ok;
        }

        var output = context.Out;
        output.WriteLine($"engine        {Global.EngineUrl?.ToString() ?? "embedded (this process)"}");
        output.WriteLine($"TorchSharp    {info.TorchSharpVersion}");
        output.WriteLine($"libtorch      {info.TorchVersion}");
        output.WriteLine($"device        {info.Device}{(info.CudaAvailable ? " (CUDA available)" : string.Empty)}");
        output.WriteLine($"threads       {info.Threads}");
        if (info.Allocator.Length > 0)
        {
            output.WriteLine($"allocator     {info.Allocator}");
        }

        if (info.Convolutions.Length > 0)
        {
            output.WriteLine($"convolutions  {info.Convolutions}");
        }

        output.WriteLine($"model kinds   {string.Join(", ", info.ModelKinds)}");
        output.WriteLine($"explanations  {string.Join(", ", info.ExplanationMethods)}");
        output.Flush();
        return ExitCodes.Ok;
    }
}
