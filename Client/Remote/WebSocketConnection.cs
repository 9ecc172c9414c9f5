using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace ExplainHub.Client.Remote;

/// <summary>
/// A SignalR connection over an open WebSocket: two pipes pumped by a receive loop (socket → app) and a send
/// loop (app → socket), each flush of the app going out as one WebSocket message.
/// </summary>
internal sealed class WebSocketConnection : ConnectionContext
{
    // Sends the close frame and waits for the server's reply at most this long when the app stops the connection.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly ClientWebSocket _socket;
    private readonly WebSocketMessageType _messageType;

    // A hub message is parsed only once it is complete, so the incoming pipe must never pause the receive loop
    // on size: with a threshold, any message larger than it would stall the connection forever.
    private readonly Pipe _incoming = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: 16 * 1024, useSynchronizationContext: false));
    private readonly Pipe _outgoing = new(new PipeOptions(useSynchronizationContext: false));
    private readonly CancellationTokenSource _closed = new();
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private int _disposed;

    private WebSocketConnection(ClientWebSocket socket, Uri uri, WebSocketMessageType messageType)
    {
        _socket = socket;
        _messageType = messageType;
        Transport = new DuplexPipe(_incoming.Reader, _outgoing.Writer);
        ConnectionClosed = _closed.Token;
        ConnectionId = $"ws:{uri.Authority}{uri.AbsolutePath}:{Guid.NewGuid():N}";
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public static WebSocketConnection Start(ClientWebSocket socket, Uri uri, WebSocketMessageType messageType)
    {
        var connection = new WebSocketConnection(socket, uri, messageType);
        connection._receiving = Task.Run(connection.ReceiveLoopAsync);
        connection._sending = Task.Run(connection.SendLoopAsync);
        return connection;
    }

    public override void Abort(ConnectionAbortedException abortReason) => _socket.Abort();

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Completing the app's writer lets the send loop drain and send the close frame; the server answers it,
        // which ends the receive loop. A server that does not answer is cut off after CloseTimeout.
        await _outgoing.Writer.CompleteAsync().ConfigureAwait(false);
        await _incoming.Reader.CompleteAsync().ConfigureAwait(false);
        var finished = Task.WhenAll(_sending, _receiving);
        if (await Task.WhenAny(finished, Task.Delay(CloseTimeout)).ConfigureAwait(false) != finished)
        {
            _socket.Abort();
        }

        await finished.ConfigureAwait(false);
        _socket.Dispose();
        await _closed.CancelAsync().ConfigureAwait(false);
        _closed.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = _incoming.Writer.GetMemory();
                var received = await _socket.ReceiveAsync(memory, CancellationToken.None).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                _incoming.Writer.Advance(received.Count);
                var flushed = await _incoming.Writer.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // Surfaces to HubConnection as the reason the connection closed.
            error = ex;
        }
        finally
        {
            await _incoming.Writer.CompleteAsync(error).ConfigureAwait(false);

            // Without a receive side the connection is over: stop the send loop too.
            _outgoing.Reader.CancelPendingRead();
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                var read = await _outgoing.Reader.ReadAsync().ConfigureAwait(false);
                var buffer = read.Buffer;
                try
                {
                    if (read.IsCanceled)
                    {
                        break;
                    }

                    if (!buffer.IsEmpty)
                    {
                        await SendMessageAsync(buffer).ConfigureAwait(false);
                    }

                    if (read.IsCompleted)
                    {
                        break;
                    }
                }
                finally
                {
                    _outgoing.Reader.AdvanceTo(buffer.End);
                }
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }

            await _outgoing.Reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A socket that cannot send is dead; aborting it ends the receive loop, which tells the app.
            _socket.Abort();
            await _outgoing.Reader.CompleteAsync(ex).ConfigureAwait(false);
        }
    }

    private async ValueTask SendMessageAsync(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            await _socket.SendAsync(buffer.First, _messageType, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var position = buffer.Start;
        buffer.TryGet(ref position, out var segment);
        while (buffer.TryGet(ref position, out var next))
        {
            await _socket.SendAsync(segment, _messageType, endOfMessage: false, CancellationToken.None).ConfigureAwait(false);
            segment = next;
        }

        await _socket.SendAsync(segment, _messageType, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
    }
}
