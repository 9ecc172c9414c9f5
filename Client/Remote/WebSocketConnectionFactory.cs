using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace ExplainHub.Client.Remote;

/// <summary>
/// Opens SignalR connections over a plain <see cref="ClientWebSocket"/>. The transports package
/// (Microsoft.AspNetCore.Http.Connections.Client) is not available here, so this skips negotiation and connects
/// straight to ws(s)://host/path, which ASP.NET Core's WebSocket transport accepts.
/// Registered in <c>HubConnectionBuilder.Services</c> together with a <see cref="UriEndPoint"/>.
/// </summary>
internal sealed class WebSocketConnectionFactory(IHubProtocol protocol) : IConnectionFactory
{
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not UriEndPoint { Uri: var uri })
        {
            throw new NotSupportedException($"{nameof(WebSocketConnectionFactory)} connects to a {nameof(UriEndPoint)}, not to {endpoint.GetType().Name}.");
        }

        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        // The JSON protocol is text; a binary protocol (MessagePack) must go out as binary frames.
        var messageType = protocol.TransferFormat == TransferFormat.Binary
            ? WebSocketMessageType.Binary
            : WebSocketMessageType.Text;
        return WebSocketConnection.Start(socket, uri, messageType);
    }
}
