namespace PlanWorkspace.App.Drafting;

// How long a session lives: in-process subscribers (previews, panels) and editors keep it loaded;
// the registry closes it once idle, after the work queued before the close is done.
public sealed partial class DocumentSession
{
    /// <summary>
    /// Counts an in-process subscriber (a preview, a presence panel) until the returned handle is
    /// disposed; null when the session was closed meanwhile (load it again).
    /// </summary>
    public IDisposable? Subscribe()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }
            _subscribers++;
            Touch();
        }
        return new Subscription(this);
    }

    /// <summary>
    /// Closes the session if nobody uses it and it has been idle since <paramref name="idleSince"/>:
    /// from then on Join and Subscribe refuse, so a caller that raced the eviction loads it again.
    /// </summary>
    internal bool TryClose(DateTimeOffset idleSince)
    {
        lock (_gate)
        {
            if (_closed || _presence.Count > 0 || _subscribers > 0 || LastUsed >= idleSince)
            {
                return false;
            }
            _closed = true;
        }
        // Queued work still drains (see Drained); anything arriving now is refused as transient.
        _queue.Writer.TryComplete();
        return true;
    }

    /// <summary>True once the session was closed: load the section again.</summary>
    internal bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Completes when the writer loop has finished the work queued before the close.</summary>
    internal Task Drained => _writer;

    private sealed class Subscription(DocumentSession session) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (session._gate)
                {
                    session._subscribers--;
                    session.Touch();
                }
            }
        }
    }
}
