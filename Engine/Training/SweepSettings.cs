using System.Globalization;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Training;

/// <summary>Which kinds a sweep parameter applies to, and how one written value becomes the options of one point.</summary>
public static class SweepSettings
{
    public const int MaxPoints = 50;

    public static IReadOnlyList<string> KindsFor(SweepParameter parameter) => SweepParameterNames.KindsFor(parameter);

    /// <summary>Refuses a sweep that cannot run, naming what to change; every value is checked before any fit starts.</summary>
    public static void Check(SweepRequest request)
    {
        var kinds = KindsFor(request.Parameter);
        if (!kinds.Contains(request.Base.ModelKind))
        {
            throw Invalid($"A sweep over {Name(request.Parameter)} applies to {string.Join(", ", kinds)}, not '{request.Base.ModelKind}'.");
        }

        if (request.Values is not { Count: > 0 and <= MaxPoints })
        {
            throw Invalid($"A sweep needs 1..{MaxPoints} values, not {request.Values?.Count ?? 0}.");
        }

        var options = request.Base.Classical ?? new ClassicalOptions();
        foreach (var value in request.Values)
        {
            Models.Classical.ClassicalOptionsValidator.Check(Apply(options, request.Parameter, value));
        }
    }

    /// <summary><paramref name="options"/> with <paramref name="parameter"/> set to <paramref name="value"/>.</summary>
    public static ClassicalOptions Apply(ClassicalOptions options, SweepParameter parameter, string value) => parameter switch
    {
        SweepParameter.Estimators => options with { Estimators = WholeNumber(parameter, value) },
        SweepParameter.MaxDepth => options with { MaxDepth = WholeNumber(parameter, value) },
        SweepParameter.Components => options with { Components = WholeNumber(parameter, value) },
        SweepParameter.Kernel => options with { Kernel = value.Trim().ToLowerInvariant() },
        SweepParameter.C => options with { C = Number(parameter, value) },
        _ => throw Invalid($"Unknown sweep parameter {parameter}."),
    };

    private static string Name(SweepParameter parameter) => SweepParameterNames.Name(parameter);

    private static int WholeNumber(SweepParameter parameter, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw Invalid($"{Name(parameter)} values are whole numbers of at least 1; '{value}' is not.");

    private static double Number(SweepParameter parameter, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw Invalid($"{Name(parameter)} values are numbers; '{value}' is not.");

    private static EngineException Invalid(string message) => new(EngineErrorKind.InvalidRequest, message);
}
