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

    /// <summary>Links of this session revoked so far: a join that checked its link before the revocation is still refused.</summary>
    public HashSet<Guid> RevokedLinks { get; } = [];

    public IReadOnlyList<PresentMember> Present() => Members.Select(PresentMember.Of).ToArray();

    /// <summary>Queues <paramref name="sessionEvent"/> for every subscriber. Call under <see cref="Gate"/>.</summary>
    public void Publish(SessionEvent sessionEvent)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Mailbox.Writer.TryWrite(sessionEvent);
        }
    }

    /// <summary>
    /// Delivers this session's events to <paramref name="handler"/> one at a time, in order, while
    /// <paramref name="memberId"/> is in the session and until disposed; null when that member is not in it.
    /// </summary>
    public IDisposable? Subscribe(Guid memberId, Func<SessionEvent, Task> handler)
    {
        var subscriber = new Subscriber(this, memberId, handler);
        lock (Gate)
        {
            if (!Members.Any(m => m.Id == memberId))
            {
                return null;
            }

            _subscribers.Add(subscriber);
        }

        subscriber.Start();
        return subscriber;
    }

    /// <summary>
    /// Ends the subscriptions of a member who is out: what was queued for them (the event saying they are out) is still
    /// delivered, nothing after it. Call under <see cref="Gate"/>.
    /// </summary>
    public void EndSubscriptions(Guid memberId)
    {
        foreach (var subscriber in _subscribers.Where(s => s.MemberId == memberId).ToArray())
        {
            _subscribers.Remove(subscriber);
            subscriber.Mailbox.Writer.TryComplete();
        }
    }

    private void Unsubscribe(Subscriber subscriber)
    {
        lock (Gate)
        {
            _subscribers.Remove(subscriber);
        }
    }

    private sealed class Subscriber(LiveSession session, Guid memberId, Func<SessionEvent, Task> handler) : IDisposable
    {
        public Guid MemberId { get; } = memberId;

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
