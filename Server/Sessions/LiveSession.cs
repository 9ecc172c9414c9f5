using System.Threading.Channels;

namespace ExplainHub.Server.Sessions;

/// <summary>
/// A session while anyone is in it: its shared view, members and comments in memory, and one ordered mailbox per
/// subscriber. Every change happens under <see cref="Gate"/> and its events are queued under it too, so each member
/// sees changes in the order the session made them, whatever order their deliveries finish in.
/// </summary>
internal sealed class LiveSession(Guid id, string name, SyncedView view, IEnumerable<ReviewComment> comments)
{
    private readonly List<Subscriber> _subscribers = [];

    public Guid Id { get; } = id;

    public string Name { get; } = name;

    public object Gate { get; } = new();

    public SyncedView View { get; set; } = view;

    /// <summary>In order of joining; the driver is marked.</summary>
    public List<SessionMember> Members { get; } = [];

    public List<ReviewComment> Comments { get; } = [.. comments];

    public IReadOnlyList<PresentMember> Present() => Members.Select(PresentMember.Of).ToArray();

    /// <summary>Queues <paramref name="sessionEvent"/> for every subscriber. Call under <see cref="Gate"/>.</summary>
    public void Publish(SessionEvent sessionEvent)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Mailbox.Writer.TryWrite(sessionEvent);
        }
    }

    /// <summary>Delivers this session's events to <paramref name="handler"/> one at a time, in order, until disposed.</summary>
    public IDisposable Subscribe(Func<SessionEvent, Task> handler)
    {
        var subscriber = new Subscriber(this, handler);
        lock (Gate)
        {
            _subscribers.Add(subscriber);
        }

        subscriber.Start();
        return subscriber;
    }

    private void Unsubscribe(Subscriber subscriber)
    {
        lock (Gate)
        {
            _subscribers.Remove(subscriber);
        }
    }

    private sealed class Subscriber(LiveSession session, Func<SessionEvent, Task> handler) : IDisposable
    {
        public Channel<SessionEvent> Mailbox { get; } = Channel.CreateUnbounded<SessionEvent>(new UnboundedChannelOptions { SingleReader = true });

        public void Start() => _ = Task.Run(PumpAsync);

        private async Task PumpAsync()
        {
            await foreach (var sessionEvent in Mailbox.Reader.ReadAllAsync())
            {
                try
                {
                    await handler(sessionEvent);
                }
                catch (Exception)
                {
                    // A subscriber that fails (a closed browser tab) must not stop the others or its own later events.
                }
            }
        }

        public void Dispose()
        {
            session.Unsubscribe(this);
            Mailbox.Writer.TryComplete();
        }
    }
}
