namespace ExplainHub.Server.Sessions;

/// <summary>
/// Someone in a session now. <see cref="Id"/> is the server's handle for this one browser tab or hub connection; it
/// never travels to the browser, so nobody can act as someone else by naming their id.
/// </summary>
public sealed record SessionMember(
    Guid Id,
    Guid PublicId,
    Guid SessionId,
    Guid LinkId,
    string DisplayName,
    SessionRole Role,
    DateTimeOffset JoinedAt,
    DateTimeOffset? LinkExpiresAt,
    bool IsDriver = false,
    bool IsFollowing = true)
{
    public const int MaxNameLength = 40;

    public bool CanEdit => Role >= SessionRole.Editor;

    /// <summary>The trimmed name, or why it cannot be one.</summary>
    public static string CheckName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new SessionRefusedException("Give a display name to join.");
        }

        if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new SessionRefusedException($"A display name has at most {MaxNameLength} characters and no control characters.");
        }

        return trimmed;
    }
}

/// <summary>A member as the others see them: a public id (to hand over to), no server handle, no link.</summary>
public sealed record PresentMember(Guid Id, string DisplayName, SessionRole Role, bool IsDriver, bool IsFollowing, string Color)
{
    private static readonly string[] Palette = ["#1e88e5", "#43a047", "#e53935", "#8e24aa", "#fb8c00", "#00897b", "#6d4c41", "#3949ab"];

    public static PresentMember Of(SessionMember member) => new(member.PublicId, member.DisplayName, member.Role, member.IsDriver, member.IsFollowing,
        Palette[(int)((uint)StableHash(member.DisplayName) % (uint)Palette.Length)]);

    public string Initials => string.Concat(DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0])));

    // string.GetHashCode differs per process; a colour should not change when the server restarts.
    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
