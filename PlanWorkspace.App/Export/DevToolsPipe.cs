using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlanWorkspace.App.Export;

/// <summary>
/// The Chrome DevTools Protocol over Chromium's <c>--remote-debugging-pipe</c>: JSON messages, each
/// ended by a NUL byte, written to the browser's fd 3 and read from its fd 4. A pipe and not a
/// debugging port, so no other process on the machine can reach the browser while it prints.
/// Commands are answered by id; events go to <see cref="Event"/> on the reading task, which must
/// not wait for an answer itself.
/// </summary>
internal sealed class DevToolsPipe : IAsyncDisposable
{
    /// <summary>The largest message accepted (a printed PDF arrives as one base64 message).</summary>
    public const int MaxMessageBytes = 256 * 1024 * 1024;

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private int _nextId;

    /// <param name="input">The browser's command pipe (its fd 3).</param>
    /// <param name="output">The browser's answer pipe (its fd 4).</param>
    public DevToolsPipe(Stream input, Stream output)
    {
        _input = input;
        _output = output;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>An event: its method, its params and the session it belongs to (null for the browser).</summary>
    public event Action<string, JsonElement, string?>? Event;

    /// <summary>Sends a command and returns its result; a protocol error or a closed pipe throws <see cref="IOException"/>.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, string? sessionId = null, CancellationToken ct = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            await PostAsync(id, method, parameters, sessionId, ct);
            return await answer.Task.WaitAsync(ct);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a command without waiting for its answer (for use inside <see cref="Event"/>).</summary>
    public void Post(string method, object? parameters = null, string? sessionId = null) =>
        _ = PostAsync(Interlocked.Increment(ref _nextId), method, parameters, sessionId, _stop.Token)
            .ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);

    private async Task PostAsync(int id, string method, object? parameters, string? sessionId, CancellationToken ct)
    {
        var message = new JsonObject
        {
            ["id"] = id,
            ["method"] = method,
            ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }),
        };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await _writing.WaitAsync(ct);
        try
        {
            await _input.WriteAsync(bytes, ct);
            _input.WriteByte(0);
            await _input.FlushAsync(ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task ReadAsync()
    {
        var message = new ArrayBufferWriter<byte>(64 * 1024);
        var buffer = new byte[64 * 1024];
        Exception? failure = null;
        try
        {
            while (true)
            {
                var read = await _output.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }
                var chunk = buffer.AsSpan(0, read);
                int end;
                while ((end = chunk.IndexOf((byte)0)) >= 0)
                {
                    Append(message, chunk[..end]);
                    Dispatch(message.WrittenSpan);
                    message.ResetWrittenCount();
                    chunk = chunk[(end + 1)..];
                }
                Append(message, chunk);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or JsonException)
        {
            failure = e;
        }
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new IOException("Chromium closed the DevTools pipe.", failure));
        }
    }

    private static void Append(ArrayBufferWriter<byte> message, ReadOnlySpan<byte> bytes)
    {
        if (message.WrittenCount + bytes.Length > MaxMessageBytes)
        {
            throw new IOException("A DevTools message exceeded the size limit.");
        }
        message.Write(bytes);
    }

    private void Dispatch(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var idElement) && idElement.TryGetInt32(out var id))
        {
            if (!_pending.TryGetValue(id, out var answer))
            {
                return;
            }
            if (root.TryGetProperty("error", out var error))
            {
                answer.TrySetException(new IOException($"DevTools refused a command: {error.GetRawText()}"));
            }
            else
            {
                answer.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
            }
            return;
        }
        if (root.TryGetProperty("method", out var method))
        {
            var session = root.TryGetProperty("sessionId", out var s) ? s.GetString() : null;
            Event?.Invoke(method.GetString() ?? string.Empty, root.TryGetProperty("params", out var p) ? p.Clone() : default, session);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // the process is being killed; its pipe closes with it
        }
        _stop.Dispose();
        _writing.Dispose();
    }
}
