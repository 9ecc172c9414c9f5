using ExplainHub.Shared;

namespace ExplainHub.Server.Sessions.Snapshots;

/// <summary>Whether a model a snapshot used is still on this server with the same weights.</summary>
public enum ModelStanding
{
    SameWeights,
    WeightsChanged,
    Gone,
    Unknown,
}

public static class ModelStandings
{
    /// <summary>Each snapshot model against the models the engine lists now (null when it could not be asked).</summary>
    public static IReadOnlyDictionary<string, ModelStanding> Of(CompareSnapshot snapshot, IReadOnlyList<ModelInfo>? current) =>
        snapshot.Models.ToDictionary(m => m.Id, m => current is null ? ModelStanding.Unknown
            : current.FirstOrDefault(c => c.Id == m.Id) is not { } now ? ModelStanding.Gone
            : m.WeightsHash is not null && now.WeightsHash == m.WeightsHash ? ModelStanding.SameWeights
            : ModelStanding.WeightsChanged);

    public static string Describe(ModelStanding standing) => standing switch
    {
        ModelStanding.SameWeights => "same weights on this server now",
        ModelStanding.WeightsChanged => "this id has other weights now",
        ModelStanding.Gone => "no longer on this server",
        _ => "the engine could not be asked",
    };
}
