using System.Text.Json.Nodes;

namespace ExplainHub.Bench;

/// <summary>One named benchmark: runs ours and the reference, returns the JSON object printed last.</summary>
internal interface IBenchmark
{
    Task<JsonObject> RunAsync(string[] args);
}
