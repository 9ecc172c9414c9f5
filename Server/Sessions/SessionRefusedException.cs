namespace ExplainHub.Server.Sessions;

/// <summary>Why a session refused a request, in words fit for the person who made it (no paths, no internals).</summary>
public sealed class SessionRefusedException : Exception
{
    public SessionRefusedException(string message) : base(message)
    {
    }

    public SessionRefusedException()
    {
    }

    public SessionRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public static SessionRefusedException LinkNotValid() =>
        new("This link does not open a review session: it was revoked, it expired, or it was never valid.");

    public static SessionRefusedException ReadOnly(string what) =>
        new($"Your link is read-only: you cannot {what}.");
}
