using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExplainHub.Client.Cli;

/// <summary>The shape of <c>--json</c> output: camelCase, enums by name, indented, one document per command.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },

        // A diverged run's NaN loss is still a result a script may want to see.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write<T>(TextWriter output, T value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, Options));
        output.Flush();
    }
}
