using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Options;
using PlanWorkspace.Domain.Consultation;

namespace PlanWorkspace.App.Consultation;

/// <summary>The text of one PDF, or why there is none.</summary>
public readonly record struct PdfTextResult(string Text, AttachmentTextProblem? Problem);

/// <summary>
/// Reads the text of PDF attachments without letting a hostile file near the server's memory
/// (ADR-017). PdfPig inflates streams without a bound, so it never runs in this process: each PDF
/// goes to a short-lived child process of this same assembly (<see cref="PdfTextCommand"/>) through
/// its standard input, with a hard managed-heap limit, a wall-clock timeout after which the process
/// tree is killed, and a cap on pages and on the characters read back. At most
/// <see cref="ConsultationOptions.PdfExtractions"/> children run at once, and a PDF that waits longer
/// than <see cref="ConsultationOptions.PdfQueueWait"/> for its turn is left unread rather than
/// holding up an import. The outcome is text or a <see cref="AttachmentTextProblem"/>, never an exception.
/// </summary>
public sealed class PdfTextExtractor : IDisposable
{
    /// <summary>What the child may say on standard error that is kept for the log.</summary>
    private const int MaxErrorChars = 2000;

    private static readonly HashSet<string> InheritedVariables = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_ROOT_ARM64"];

    private readonly ConsultationOptions _options;
    private readonly ILogger<PdfTextExtractor> _logger;
    private readonly SemaphoreSlim _gate;

    public PdfTextExtractor(IOptions<ConsultationOptions> options, ILogger<PdfTextExtractor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _gate = new SemaphoreSlim(Math.Max(1, _options.PdfExtractions));
    }

    /// <summary>The text of <paramref name="pdf"/>, at most <paramref name="limit"/> characters; or the problem that left it unread.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (the child is killed first).</exception>
    public async Task<PdfTextResult> ExtractAsync(byte[] pdf, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        if (limit <= 0)
        {
            return new PdfTextResult(string.Empty, null);
        }
        // A file in which no object ends cannot hold a page: no process is started for it (this is
        // most of what a random or truncated-at-the-start file looks like).
        if (pdf.AsSpan().IndexOf("endobj"u8) < 0)
        {
            return new PdfTextResult(string.Empty, AttachmentTextProblem.Unreadable);
        }
        if (!await _gate.WaitAsync(_options.PdfQueueWait, ct))
        {
            return new PdfTextResult(string.Empty, AttachmentTextProblem.Busy);
        }
        try
        {
            return await RunChildAsync(pdf, limit, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PdfTextResult> RunChildAsync(byte[] pdf, int limit, CancellationToken ct)
    {
        using var process = new Process { StartInfo = StartInfo(limit) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PdfTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            _logger.LogError(e, "The PDF text process could not be started.");
            return new PdfTextResult(string.Empty, AttachmentTextProblem.Unreadable);
        }
        var input = WriteInputAsync(process, pdf, timeout.Token);
        var output = ReadBoundedAsync(process.StandardOutput, limit, timeout.Token);
        var errors = ReadBoundedAsync(process.StandardError, MaxErrorChars, timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await input;
            var text = await output;
            var error = await errors;
            var code = (PdfTextCommand.ExitCode)process.ExitCode;
            _logger.LogDebug("PDF text process ended with {Code} after {Ms} ms.", code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var problem = code switch
            {
                PdfTextCommand.ExitCode.Done => text.Trim().Length == 0 ? AttachmentTextProblem.NoText : (AttachmentTextProblem?)null,
                PdfTextCommand.ExitCode.Encrypted => AttachmentTextProblem.Encrypted,
                PdfTextCommand.ExitCode.TooLarge => AttachmentTextProblem.TooLarge,
                _ => AttachmentTextProblem.Unreadable,
            };
            if (problem is not (null or AttachmentTextProblem.NoText))
            {
                _logger.LogInformation("A PDF attachment could not be read (exit code {Code}): {Error}", process.ExitCode, error.Trim());
            }
            // Text counts only when the child finished: what a failing child wrote before it failed is dropped.
            return new PdfTextResult(problem is null ? text.Trim() : string.Empty, problem);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _logger.LogWarning("A PDF attachment took longer than {Timeout} to read; its process was killed.", _options.PdfTimeout);
            return new PdfTextResult(string.Empty, AttachmentTextProblem.TimedOut);
        }
        finally
        {
            Kill(process);
            // The pipes close with the child; the readers and the writer end before the process is disposed.
            await Task.WhenAll(input, output, errors).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// The child: this assembly under the same host that runs us (the dotnet muxer, or the app's own
    /// executable when published with one), on a heap the runtime will not let grow past the limit.
    /// Workstation, non-concurrent GC: one heap, no background GC thread, in a process that lives for one file.
    /// </summary>
    private ProcessStartInfo StartInfo(int limit)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var self = Environment.ProcessPath;
        var dll = typeof(PdfTextCommand).Assembly.Location;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.FileName = self;
            info.ArgumentList.Add(dll);
        }
        else if (self is not null && Path.GetFileNameWithoutExtension(self) == Path.GetFileNameWithoutExtension(dll))
        {
            info.FileName = self;
        }
        else
        {
            // Some other host (a test runner): the muxer that sits above the shared runtime we run on.
            info.FileName = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
            info.ArgumentList.Add(dll);
        }
        info.ArgumentList.Add(PdfTextCommand.Name);
        info.ArgumentList.Add(limit.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(Math.Max(1, _options.PdfMaxPages).ToString(CultureInfo.InvariantCulture));
        // The child parses what strangers sent: it gets no connection strings, keys or passwords from
        // our environment, only what a .NET process needs to start.
        var inherited = info.Environment.Where(e => InheritedVariables.Contains(e.Key)).ToList();
        info.Environment.Clear();
        foreach (var (key, value) in inherited)
        {
            info.Environment[key] = value;
        }
        var heapBytes = checked((long)Math.Max(32, _options.PdfMemoryLimitMb) * 1024 * 1024);
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + heapBytes.ToString("X", CultureInfo.InvariantCulture);
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_gcConcurrent"] = "0";
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        return info;
    }

    private static async Task WriteInputAsync(Process process, byte[] pdf, CancellationToken ct)
    {
        try
        {
            await using var stdin = process.StandardInput.BaseStream;
            await stdin.WriteAsync(pdf, ct);
        }
        catch (IOException)
        {
            // The child stopped reading (it failed early); its exit code tells why.
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> characters, then stops reading (the child is killed once it ends or times out).</summary>
    private static async Task<string> ReadBoundedAsync(StreamReader reader, int limit, CancellationToken ct)
    {
        var builder = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            var room = limit - builder.Length;
            if (read > room)
            {
                // Never end on half of a surrogate pair.
                builder.Append(buffer, 0, room > 0 && char.IsHighSurrogate(buffer[room - 1]) ? room - 1 : room);
                // Keep draining without storing, so the child never blocks on a full pipe.
                while (await reader.ReadAsync(buffer, ct) > 0)
                {
                }
                return builder.ToString();
            }
            builder.Append(buffer, 0, read);
        }
        return builder.ToString();
    }

    private void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            _logger.LogDebug(e, "The PDF text process had already ended.");
        }
    }

    public void Dispose() => _gate.Dispose();
}
