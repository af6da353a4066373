using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace PlanWorkspace.App.Consultation.Mail;

/// <summary>
/// Reads the committee's mailbox over IMAP and imports every message not yet marked done, then
/// marks it (moved to <see cref="ImapOptions.MoveTo"/>, or flagged seen with the done keyword). A
/// message is marked only after its opinion is saved, and the import is idempotent by Message-ID,
/// so a crash in between imports nothing twice. When the server drops the connection or refuses,
/// the poller logs it, waits (doubling up to a limit) and reconnects; it never stops the host.
/// </summary>
public sealed class ImapPoller(IOptionsMonitor<ImapOptions> options, MailImporter importer, ILogger<ImapPoller> logger) : BackgroundService
{
    private int _imported;
    private int _connections;
    private int _failures;

    /// <summary>Messages imported (or found already imported) and marked done since start.</summary>
    public int Processed => Volatile.Read(ref _imported);

    /// <summary>Successful connections since start (more than one: it reconnected).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connection or protocol failures survived since start.</summary>
    public int Failures => Volatile.Read(ref _failures);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = options.CurrentValue.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue;
            if (string.IsNullOrWhiteSpace(settings.Host))
            {
                return; // not configured: nothing to poll
            }
            try
            {
                using var client = new ImapClient { Timeout = (int)settings.OperationTimeout.TotalMilliseconds };
                await client.ConnectAsync(settings.Host, settings.Port, settings.Tls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, stoppingToken);
                await client.AuthenticateAsync(settings.User ?? string.Empty, settings.Password ?? string.Empty, stoppingToken);
                Interlocked.Increment(ref _connections);
                backoff = settings.InitialBackoff;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await PollOnceAsync(client, settings, stoppingToken);
                    await Task.Delay(settings.PollInterval, stoppingToken);
                }
                await client.DisconnectAsync(true, CancellationToken.None);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Dropped connections, refused logins, timeouts, a database error: all are survived.
                Interlocked.Increment(ref _failures);
                logger.LogWarning(e, "The consultation mailbox {Host}:{Port} failed; trying again in {Delay}.", settings.Host, settings.Port, backoff);
                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.MaxBackoff.Ticks));
            }
        }
    }

    private async Task PollOnceAsync(ImapClient client, ImapOptions settings, CancellationToken ct)
    {
        var folder = await client.GetFolderAsync(settings.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        var pending = await folder.SearchAsync(SearchQuery.NotKeyword(settings.DoneKeyword), ct);
        foreach (var uid in pending)
        {
            var message = await folder.GetMessageAsync(uid, ct);
            var report = await importer.ImportMessageAsync(message, settings.Consultation, ct);
            logger.LogInformation("Mailbox message {Uid}: {Report}", uid, report.ToJson());
            if (settings.MoveTo is { Length: > 0 } target)
            {
                await folder.MoveToAsync(uid, await client.GetFolderAsync(target, ct), ct);
            }
            else
            {
                await folder.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Keywords = { settings.DoneKeyword }, Silent = true }, ct);
            }
            Interlocked.Increment(ref _imported);
        }
        await folder.CloseAsync(false, ct);
    }
}
