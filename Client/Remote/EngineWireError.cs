using ExplainHub.Shared;

namespace ExplainHub.Client.Remote;

/// <summary>
/// Reads the engine's wire form "Kind: message" back out of a SignalR error. The server prefixes what the hub
/// threw with its own sentence ("An unexpected error occurred invoking 'X' on the server. HubException: …"), so
/// the engine's text is what follows the exception's type name.
/// </summary>
internal static class EngineWireError
{
    private const string HubExceptionMarker = "HubException: ";

    public static EngineException ToEngineException(string hubMessage, Exception? inner = null)
    {
        var marker = hubMessage.IndexOf(HubExceptionMarker, StringComparison.Ordinal);
        var text = marker >= 0 ? hubMessage[(marker + HubExceptionMarker.Length)..] : hubMessage;

        var separator = text.IndexOf(": ", StringComparison.Ordinal);
        if (separator > 0 && TryParseKind(text[..separator], out var kind))
        {
            return new EngineException(kind, text[(separator + 2)..], inner);
        }

        // Not the engine's words but SignalR's own (unknown method, arguments that do not bind, message too
        // large): each is a request this server cannot take.
        return new EngineException(EngineErrorKind.InvalidRequest, text, inner);
    }

    private static bool TryParseKind(string name, out EngineErrorKind kind)
    {
        // Enum.TryParse also accepts numbers and comma lists; only a declared name is the wire form.
        kind = default;
        return name.All(char.IsAsciiLetter) && Enum.TryParse(name, ignoreCase: false, out kind) && Enum.IsDefined(kind);
    }
}
