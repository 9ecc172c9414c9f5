namespace ExplainHub.Server.Sessions;

/// <summary>What a share link lets its holder do. The order matters: a role can do everything the ones before it can.</summary>
public enum SessionRole
{
    /// <summary>Watches the shared view, branches off on their own screen, reads comments; changes nothing shared.</summary>
    Reader = 0,

    /// <summary>Also steers the shared view, comments, resolves comments and uploads images.</summary>
    Editor = 1,
}
